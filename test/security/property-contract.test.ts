// Property-based: no params make a command crash, hang or throw anything but an Error with a message,
// on a real Engine; no value makes an event or message schema's safeParse throw.
import fs from 'node:fs'
import fc from 'fast-check'
import type { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import type { WorkerHandle, WorkerHost } from '../../electron/engine/pool/worker-host.ts'
import type { WorkerMessage } from '../../electron/engine/pool/protocol.ts'
import {
  commands, events, EventMessageSchema, RequestMessageSchema, ResponseMessageSchema, type CommandName,
} from '../../shared/contract.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { tempDir } from '../helpers/temp.ts'

/**
 * In-process workers that fail every job at once: scanStart, importCsv and bench go through the real
 * pool without a process or a scan per run.
 */
function failingHost(): WorkerHost {
  let pid = 100_000
  return {
    spawn(): WorkerHandle {
      const listeners: Array<(m: WorkerMessage) => void> = []
      const exits: Array<(code: number | null, signal: string | null) => void> = []
      const me = ++pid
      setImmediate(() => listeners.forEach((l) => l({ type: 'ready', pid: me })))
      return {
        pid: me,
        send: (m) => setImmediate(() => listeners.forEach((l) => l({ type: 'error', jobId: m.jobId, message: 'not run in this test' }))),
        onMessage: (l) => void listeners.push(l),
        onExit: (l) => void exits.push(l),
        kill: () => setImmediate(() => exits.forEach((l) => l(null, 'SIGKILL'))),
      }
    },
  }
}

/** Values of every JSON type but rarely the one a field wants. */
const wrongValue = fc.oneof(
  fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.constantFrom(-1, 0, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, '', 'EURUSD', '15m', '__proto__'),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
)

/** The keys of a command's params object (unwrapping .default()/.optional()), if it has any. */
function keysOf(schema: z.ZodType): string[] {
  let s: unknown = schema
  for (let i = 0; i < 5 && s && typeof s === 'object'; i++) {
    const def = (s as { def?: { innerType?: unknown; shape?: Record<string, unknown> } }).def
    if (def?.shape) return Object.keys(def.shape)
    s = def?.innerType
  }
  return []
}

function paramsFor(name: CommandName): fc.Arbitrary<unknown> {
  const keys = keysOf(commands[name].params)
  const built = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, wrongValue])), { requiredKeys: [] })
    : fc.constant({})
  return fc.oneof(fc.jsonValue({ maxDepth: 3 }), built, fc.constantFrom(undefined, null, [], 'x', 0))
}

const CALL_TIMEOUT_MS = 10_000

describe('every command on arbitrary params', () => {
  let dataDir: string
  let engine: Engine
  beforeAll(() => {
    dataDir = tempDir('gw-prop-contract-')
    engine = new Engine({ dataDir, scanOnFirstRun: false, workerHost: failingHost(), nvidiaSmi: NO_GPU })
  })
  afterAll(async () => {
    await engine.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  for (const name of Object.keys(commands) as CommandName[]) {
    it(`${name}: resolves, or rejects with an Error and a message; never throws synchronously or hangs`, async () => {
      await fc.assert(fc.asyncProperty(paramsFor(name), async (params) => {
        let pending: Promise<unknown>
        try {
          pending = engine.call(name, params)
        } catch (err) {
          throw new Error(`${name} threw synchronously: ${String(err)}`, { cause: err })
        }
        let timer: NodeJS.Timeout | undefined
        const outcome = await Promise.race([
          pending.then(() => ({ ok: true as const }), (err: unknown) => ({ ok: false as const, err })),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${name} did not settle in ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS)
          }),
        ]).finally(() => clearTimeout(timer))
        if (!outcome.ok) {
          expect(outcome.err).toBeInstanceOf(Error)
          expect(typeof (outcome.err as Error).message).toBe('string')
          expect((outcome.err as Error).message.length).toBeGreaterThan(0)
        }
      }), { numRuns: 60 })
    })
  }

  it('an unknown command or a non-string name is an Error too', async () => {
    await fc.assert(fc.asyncProperty(fc.string(), fc.jsonValue({ maxDepth: 2 }), async (name, params) => {
      fc.pre(!Object.hasOwn(commands, name))
      await expect(engine.call(name, params)).rejects.toThrow(/Unknown command/)
    }), { numRuns: 100 })
  })
})

describe('every schema that reads a message off the wire', () => {
  const anything = fc.oneof(fc.anything({ maxDepth: 3, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBigInt: true, withDate: true, withMap: true, withSet: true }), fc.jsonValue())
  const schemas: Array<[string, z.ZodType]> = [
    ...Object.entries(events).map(([n, s]): [string, z.ZodType] => [`event ${n}`, s]),
    ...Object.entries(commands).flatMap(([n, c]): Array<[string, z.ZodType]> => [[`${n} params`, c.params], [`${n} result`, c.result]]),
    ['RequestMessageSchema', RequestMessageSchema],
    ['ResponseMessageSchema', ResponseMessageSchema],
    ['EventMessageSchema', EventMessageSchema],
  ]
  for (const [label, schema] of schemas) {
    it(`${label}: safeParse never throws`, () => {
      fc.assert(fc.property(anything, (v) => {
        const r = schema.safeParse(v)
        expect(typeof r.success).toBe('boolean')
      }), { numRuns: 150 })
    })
  }
})
