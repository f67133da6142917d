// What a pool worker process loads. Its start-up CPU is mostly module loading, and the worker needs
// no schema (the host validates every spec, or builds it from checked values: pool.ts, pool-core.ts),
// so zod and the modules only some jobs need stay out of its start-up graph; those are imported when
// a job needs them, and zod never is.
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import module from 'node:module'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { workerEntry } from '../../../../electron/engine/pool/worker-host.ts'
import type { ScanJobSpec, WorkerMessage } from '../../../../electron/engine/pool/protocol.ts'
import { detectFvgs } from '../../../../electron/engine/fvg/index.ts'
import { generateCandles, importCsvFile, parseTimeframe, resample } from '../../../../electron/engine/market/index.ts'
import { tempDir } from '../../../helpers/temp.ts'

const hook = path.resolve(import.meta.dirname, '../../../fixtures/pool/module-list.mjs')
const root = path.resolve(import.meta.dirname, '../../../..')

/** Never in a worker, at start-up or after any job. */
const NEVER = [
  /\/node_modules\/zod\//,
  /\/node_modules\/@date-fns\/tz\/index\.js$/, // the whole package; the worker needs tzOffset only
  /\/shared\/fvg\.ts$/,
  /\/shared\/zod-error\.ts$/,
  /\/engine\/fvg\/(index|validate|stream)\.ts$/,
  /\/engine\/market\/(index|watchlist|write|sniff)\.ts$/,
  /\/engine\/pool\/(protocol|pool|split|file-merge|job-group)\.ts$/,
]
/** Loaded by the first job that needs them, not at start-up. */
const LAZY = [
  'engine/pool/file-range-job.ts', 'engine/market/csv-range.ts', 'engine/fvg/segments.ts',
  'engine/market/generator.ts', 'engine/market/resample.ts', 'engine/scanner/candle-cache.ts',
  'engine/pool/scan-output.ts', 'engine/pool/number-bytes.ts',
]

let child: ChildProcess | null = null
afterEach(() => {
  child?.kill('SIGKILL')
  child = null
})

/** Starts the real worker entry with the module list hook; resolves once it is ready. */
function startWorker(): Promise<ChildProcess> {
  const c = fork(workerEntry, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...(process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings']), '--import', hook],
  })
  child = c
  return new Promise((resolve, reject) => {
    c.once('error', reject)
    c.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)))
    c.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') resolve(c)
    })
  })
}

function ask<T>(c: ChildProcess, send: object, match: (m: { type: string; jobId?: number }) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string; jobId?: number }) => {
      if (!match(m)) return
      c.off('message', on)
      resolve(m as T)
    }
    c.on('message', on)
    c.send(send)
  })
}

const modules = async (c: ChildProcess) =>
  (await ask<{ urls: string[] }>(c, { type: 'modules' }, (m) => m.type === 'modules')).urls
const run = (c: ChildProcess, jobId: number, spec: ScanJobSpec) =>
  ask<WorkerMessage>(c, { type: 'job', jobId, spec }, (m) => m.jobId === jobId && (m.type === 'result' || m.type === 'error'))

/** Project modules as paths from electron/ or shared/, packages as their node_modules path. */
const short = (urls: string[]) =>
  urls.filter((u) => u.startsWith('file:')).map((u) => u.replace(/^file:\/\/.*?\/node_modules\//, 'node_modules/').replace(`file://${root}/electron/`, '').replace(`file://${root}/`, ''))

// The load hook needs module.registerHooks (Node ≥ 22.15; the project's Node 24 has it).
describe.skipIf(!('registerHooks' in module))('pool worker module graph', () => {
  it('starts without zod, the whole @date-fns/tz, or the modules only some jobs need', async () => {
    const urls = await modules(await startWorker())
    const loaded = short(urls)
    expect(loaded).toContain('worker/index.ts')
    expect(loaded).toContain('engine/pool/scan-job.ts')
    for (const re of NEVER) expect(urls.filter((u) => re.test(u)), String(re)).toEqual([])
    for (const m of LAZY) expect(loaded, m).not.toContain(m)
    // Packages: only the one function of @date-fns/tz.
    expect(loaded.filter((u) => u.startsWith('node_modules/'))).toEqual(['node_modules/@date-fns/tz/tzOffset/index.js'])
  })

  it('runs every kind of job without ever loading zod, loading each lazy module when needed', { timeout: 60_000 }, async () => {
    const dir = tempDir()
    const csv = path.join(dir, 'GEN.csv')
    // Wall-clock times (no zone), so the broker time zone job applies.
    const c0 = generateCandles({ seed: 3, count: 2000, intervalMs: 60_000, startPrice: 100 })
    const rows = Array.from(c0.time, (t, i) => `${new Date(t).toISOString().slice(0, 19)},${c0.open[i]},${c0.high[i]},${c0.low[i]},${c0.close[i]}`)
    fs.writeFileSync(csv, `time,open,high,low,close\n${rows.join('\n')}\n`)
    const size = fs.statSync(csv).size
    const gen = { kind: 'generated' as const, seed: 5, count: 3000, intervalMs: 60_000, startPrice: 50 }
    const file = { kind: 'file' as const, path: csv }
    const specs: ScanJobSpec[] = [
      { kind: 'scan', symbol: 'F', source: file, options: { minGap: { kind: 'atr', multiple: 0.5 } }, output: { format: 'json', file: 'GEN.csv' } },
      { kind: 'scan', symbol: 'T', source: file, tz: 'Europe/Athens', options: {}, candleCache: { file: path.join(dir, 'cache.bin'), keyPath: csv } },
      { kind: 'scan', symbol: 'R', source: gen, timeframe: '5m', options: { mitigation: 'half' } },
      { kind: 'scan', symbol: 'S', source: gen, segment: { from: 1000, to: 2000 }, options: {} },
      { kind: 'scan', symbol: 'B', source: file, fileRange: { start: 0, end: size, size, mtimeMs: fs.statSync(csv).mtimeMs }, options: {} },
    ]
    // Each spec's FVG count, by the validated entry point (zod fills in the defaults) on the same
    // candles: the worker's defaults-without-zod path must scan exactly as it.
    const fromFile = (tz?: string) => importCsvFile(csv, { symbol: 'X', tz }).candles
    const generated = generateCandles(gen)
    const segment = detectFvgs(generated)
    const expected: Record<string, number> = {
      F: detectFvgs(fromFile(), { minGap: { kind: 'atr', multiple: 0.5 } }).count,
      T: detectFvgs(fromFile('Europe/Athens')).count,
      R: detectFvgs(resample(generated, parseTimeframe('5m')), { mitigation: 'half' }).count,
      S: Array.from(segment.index.subarray(0, segment.count)).filter((j) => j >= 1000 && j < 2000).length,
      B: detectFvgs(fromFile()).count,
    }
    const c = await startWorker()
    for (const [i, spec] of specs.entries()) {
      const m = await run(c, i + 1, spec)
      if (m.type !== 'result') throw new Error(`${spec.symbol}: ${m.type === 'error' ? m.message : m.type}`)
      expect(m.result.fvgs, spec.symbol).toBe(expected[spec.symbol])
      expect(m.result.fvgs, spec.symbol).toBeGreaterThan(0)
    }
    expect(fs.existsSync(path.join(dir, 'cache.bin'))).toBe(true)
    const urls = await modules(c)
    for (const re of NEVER) expect(urls.filter((u) => re.test(u)), String(re)).toEqual([])
    const loaded = short(urls)
    for (const m of LAZY) expect(loaded, m).toContain(m)
  })
})
