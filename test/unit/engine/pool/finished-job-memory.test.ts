// A finished job stays listed (pool.job(id), up to the last 1,000) but no longer holds its result:
// before, each kept its promise's resolver and so the result (a demo symbol's zones: ~270 KB of typed
// arrays), and the engine at rest held every first-run scan's zones (7 MB) in memory.
import { afterEach, describe, expect, it } from 'vitest'
import { Pool } from '../../../../electron/engine/pool/pool.ts'
import type { HostMessage, ScanJobResult, ScanJobSpec, WorkerMessage } from '../../../../electron/engine/pool/protocol.ts'
import type { WorkerHandle, WorkerHost } from '../../../../electron/engine/pool/worker-host.ts'
import { reduceMemory } from '../../../../electron/engine/memory-release.ts'
import { defaultFvgOptions } from '../../../../shared/fvg.ts'

const spec: ScanJobSpec = { kind: 'scan', symbol: 'GEN1', source: { kind: 'generated', seed: 1, count: 100, intervalMs: 60_000, startPrice: 100 }, options: defaultFvgOptions }
const turn = () => new Promise((r) => setImmediate(r))

/** No process: a handle answers each job at once with a result carrying a 1 MB array (what zones weigh). */
function answeringHost(made: Array<WeakRef<object>>): WorkerHost {
  return {
    spawn(): WorkerHandle {
      let listener: (m: WorkerMessage) => void = () => {}
      return {
        pid: undefined,
        send: (m: HostMessage) => {
          if (m.type !== 'job') return
          const zones = new Float64Array(131_072)
          made.push(new WeakRef(zones))
          const result = { symbol: m.spec.symbol, candles: 100, fvgs: 0, zones } as unknown as ScanJobResult
          queueMicrotask(() => listener({ type: 'result', jobId: m.jobId, result }))
        },
        onMessage: (l) => void (listener = l),
        onExit: () => {},
        kill: () => {},
      }
    },
  }
}

let pool: Pool | null = null
afterEach(async () => {
  await pool?.close()
  pool = null
})

describe('finished jobs', () => {
  it('stay listed but let go of their results once the caller has them', async () => {
    const made: Array<WeakRef<object>> = []
    pool = new Pool(answeringHost(made), 1, { idleExitMs: 0 })
    // In a function of its own: a suspended async frame may keep the last awaited value in a register.
    const run = async (p: Pool) => {
      const ids: number[] = []
      for (let i = 0; i < 3; i++) {
        const job = p.submit(spec)
        ids.push(job.id)
        expect((await job.done).candles).toBe(100)
      }
      return ids
    }
    const ids = await run(pool)
    await turn() // WeakRef targets are kept until the turn that read them ends
    expect(reduceMemory()).toBe(true)
    expect(ids.map((id) => pool!.job(id)?.state)).toEqual(['done', 'done', 'done'])
    expect(made).toHaveLength(3)
    expect(made.filter((r) => r.deref() !== undefined)).toHaveLength(0)
  })
})
