// Property-based: no input makes the CSV importer throw anything but its own CsvImportError, and an
// import that fails leaves the imports folder and the watchlist exactly as they were.
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import { CsvImportError, FileReadError, formatCandlesCsv, generateCandles, parseCsv } from '../../electron/engine/market/index.ts'
import { MAX_CANDLE_TIME_MS, MIN_CANDLE_TIME_MS } from '../../shared/limits.ts'
import { JobFailedError } from '../../electron/engine/pool/pool.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { tempDir } from '../helpers/temp.ts'

const utf8 = new TextEncoder()

/** C0 and C1 controls and DEL: none may reach a terminal through a message. */
const hasControl = (s: string): boolean => [...s].some((ch) => ch.charCodeAt(0) < 0x20 || (ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f))

/**
 * parseCsv's contract: a result whose times all lie in 1970–2200, or a CsvImportError whose message
 * is short and printable; anything else fails the property.
 */
function parsesOrRefuses(input: Uint8Array | string): void {
  try {
    const r = parseCsv(input, { file: 'fuzz.csv' })
    expect(r.rows).toBe(r.candles.time.length)
    expect(r.rows).toBeGreaterThan(0)
    expect(r.firstTime).toBeGreaterThanOrEqual(MIN_CANDLE_TIME_MS)
    expect(r.lastTime).toBeLessThan(MAX_CANDLE_TIME_MS)
  } catch (err) {
    if (!(err instanceof CsvImportError)) throw new Error(`not a CsvImportError: ${String(err)}`, { cause: err })
    expect(err.message.length).toBeLessThan(2000)
    expect(hasControl(err.message)).toBe(false)
  }
}

/** A valid file in each dialect the importer knows, to mutate. */
const valid = [
  formatCandlesCsv(generateCandles({ seed: 1, count: 20, intervalMs: 60_000, startPrice: 1.1, startTime: Date.UTC(2024, 0, 1) })),
  '<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n2024.01.02\t00:00:00\t1.1\t1.2\t1.0\t1.15\t10\t0\t2\n2024.01.02\t00:15:00\t1.15\t1.3\t1.1\t1.2\t12\t0\t2\n',
  '1704153600000,42000.1,42100.5,41900,42050,12.5,1704153659999,525000,100,6,250000,0\n1704153660000,42050,42200,42000,42100,8,1704153719999,336000,80,4,168000,0\n',
  'time;open;high;low;close;volume\n2024-01-02T00:00:00Z;1,1;1,2;1,0;1,15;5\n2024-01-02T00:01:00+01:00;1,1;1,2;1,0;1,15;5\n',
]

type Mutation = (b: Uint8Array) => Uint8Array
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, bytes]): Mutation => (b) => {
    const i = at % (b.length + 1)
    return Uint8Array.from([...b.subarray(0, i), ...bytes, ...b.subarray(i)])
  }),
  fc.nat().map((at): Mutation => (b) => b.subarray(0, at % (b.length + 1))),
  fc.nat().map((at): Mutation => (b) => {
    const lines = new TextDecoder().decode(b).split('\n')
    const i = at % lines.length
    return utf8.encode([...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n'))
  }),
  fc.nat().map((at): Mutation => (b) => {
    const lines = new TextDecoder().decode(b).split('\n')
    lines.splice(at % lines.length, 1)
    return utf8.encode(lines.join('\n'))
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]): Mutation => (b) => {
    const c = b.slice()
    if (c.length) c[at % c.length] = byte
    return c
  }),
)
const mutatedCsv = fc.tuple(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([text, ms]) => ms.reduce<Uint8Array>((b, m) => m(b), utf8.encode(text)))

describe('parseCsv on arbitrary input', () => {
  it('any byte string: a result or a CsvImportError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), parsesOrRefuses), { numRuns: 1500 })
  })

  it('any text, including control characters and lone surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), parsesOrRefuses), { numRuns: 800 })
  })

  it('a valid file with bytes inserted or changed, truncated, or lines duplicated or dropped', () => {
    for (const text of valid) parsesOrRefuses(text) // the seeds themselves parse
    fc.assert(fc.property(mutatedCsv, parsesOrRefuses), { numRuns: 1500 })
  })

  it('cells of random characters in a plausible frame', () => {
    const cell = fc.string({ unit: fc.constantFrom(...'0123456789.-+eE:TZ "\t;,x'.split('')), maxLength: 12 })
    const row = fc.array(cell, { minLength: 1, maxLength: 7 }).map((cells) => cells.join(','))
    const file = fc.tuple(fc.constantFrom('timestamp,open,high,low,close,volume', '', '<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>'), fc.array(row, { maxLength: 6 }))
      .map(([header, rows]) => [header, ...rows].join('\n'))
    fc.assert(fc.property(file, parsesOrRefuses), { numRuns: 1500 })
  })
})

describe('Scanner import on arbitrary input', () => {
  let dataDir: string
  let engine: Engine
  let scratch: string
  beforeAll(async () => {
    dataDir = tempDir('gw-prop-import-')
    scratch = tempDir('gw-prop-upload-')
    engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    // A pool worker validates each import (the engine's thread parses no CSV): one keeps it warm.
    await engine.call('setSettings', { workers: 1 })
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await engine.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(scratch, { recursive: true, force: true })
  })

  const importDir = () => path.join(dataDir, 'imports')
  // The imports (not the hidden folder where an import waits for its worker's check).
  const visible = () => (fs.existsSync(importDir()) ? fs.readdirSync(importDir()).filter((f) => !f.startsWith('.')).sort() : [])
  const state = async () => ({
    files: visible().map((f) => [f, fs.readFileSync(path.join(importDir(), f)).toString('base64')]),
    watchlist: await engine.call('watchlist', {}),
  })
  const input = fc.oneof(mutatedCsv, fc.uint8Array({ maxLength: 300 }))

  /** A failed import leaves everything as it was; a successful one keeps exactly the bytes given. */
  async function importLeavesNoPartial(bytes: Uint8Array, run: () => unknown): Promise<void> {
    const before = await state()
    let failed: unknown = null
    try {
      await run()
    } catch (err) {
      failed = err
    }
    if (failed !== null) {
      // The worker's CSV error comes back as the job's failure, worded as the parser words it (FUZZ.csv:LINE: …).
      const named = failed instanceof JobFailedError && /^FUZZ\.csv[:\s]/.test(failed.message)
      if (!(named || failed instanceof CsvImportError || failed instanceof FileReadError)) throw new Error(`unexpected: ${String(failed)}`, { cause: failed })
      expect(await state()).toEqual(before)
    } else {
      expect(fs.readFileSync(path.join(importDir(), 'FUZZ.csv')).equals(Buffer.from(bytes))).toBe(true)
    }
  }

  it('importCsv (text): refused without a trace, or kept whole', async () => {
    await fc.assert(fc.asyncProperty(input, async (bytes) => {
      const text = new TextDecoder().decode(bytes)
      await importLeavesNoPartial(utf8.encode(text), () => engine.call('importCsv', { name: 'FUZZ.csv', content: text }))
    }), { numRuns: 250 })
  })

  it('importCsvFile (a file on disk, copied): refused without a trace, or kept whole', async () => {
    await fc.assert(fc.asyncProperty(input, async (bytes) => {
      const upload = path.join(scratch, 'upload.csv')
      fs.writeFileSync(upload, bytes)
      await importLeavesNoPartial(bytes, () => engine.importCsvFile('FUZZ.csv', upload))
    }), { numRuns: 250 })
  })
})
