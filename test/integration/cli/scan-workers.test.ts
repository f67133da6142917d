// `gapwatch scan --workers N` as a user runs it: the workers format their files' parts, the CLI
// streams them in input order (the same bytes as formatting gathered results), and the process
// ends as soon as its output is written: nothing (such as close()'s wait for the workers) holds it
// on a timer after the work is done.
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'
import { bundledDataPath, generateCandles, writeCandlesCsv } from '../../../electron/engine/market/index.ts'
import { runScanJob } from '../../../electron/engine/pool/scan-job.ts'
import { formatScan } from '../../../electron/engine/pool/scan-output.ts'
import { rangeJobsEnv, SMALL_RANGE_BYTES, smallRangesEnv } from '../../helpers/split-env.ts'
import { planCsvRanges } from '../../../electron/engine/market/csv-range.ts'

const watch = path.resolve(import.meta.dirname, '../../fixtures/pool/long-timers.mjs')

it('a one-file scan with --workers 2 exits without waiting on a long timer after its output', async () => {
  const r = await runToEnd(['scan', bundledDataPath('eurusd_15m.csv'), '--workers', '2', '--format', 'json'], {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${watch}`.trim(),
  })
  expect(r.code).toBe(0)
  expect((JSON.parse(r.stdout) as { stats: { files: number } }).stats.files).toBe(1)
  // The check itself ran (the preload reported), and no ≥ 1 s timer fired after the work.
  expect(r.stderr).toContain('long timers fired: []')
})

it('streams CSV from 2 workers byte for byte as the gathered output of in-process scans', async () => {
  const dir = tempDir('gw-scan-workers-')
  const files = [3, 1, 2, 5, 4].map((seed) => {
    const f = path.join(dir, `G${seed}.csv`)
    // Different sizes, so later files often finish before earlier ones.
    writeCandlesCsv(f, generateCandles({ seed, count: seed * 4000, intervalMs: 60_000, startPrice: 100 }))
    return f
  })
  const out = path.join(dir, 'out.csv')
  const r = await runToEnd(['scan', ...files, '--workers', '2', '--format', 'csv', '--out', out])
  expect(r.code).toBe(0)
  const gathered: Buffer[] = []
  const scanned = await Promise.all(files.map(async (f) => ({
    file: f,
    result: await runScanJob({ kind: 'scan', symbol: path.basename(f, '.csv'), source: { kind: 'file', path: f }, options: {} }),
  })))
  formatScan('csv', scanned, { files: 5, failed: 0, workers: 2, candles: 0, fvgs: 0, wallMs: 0, candlesPerSec: 0, balance: 1 }, (c) => gathered.push(Buffer.from(c)))
  expect(fs.readFileSync(out).equals(Buffer.concat(gathered))).toBe(true)
})

it('scans a file over the range size in byte ranges on the workers, printing exactly the in-process JSON', async () => {
  const dir = tempDir('gw-scan-split-')
  const file = path.join(dir, 'BIG.csv')
  writeCandlesCsv(file, generateCandles({ seed: 8, count: 50_000, intervalMs: 60_000, startPrice: 100 }))
  const planned = planCsvRanges(file, SMALL_RANGE_BYTES, 2)
  expect(planned?.ranges.length).toBeGreaterThan(2) // the file is over the range size these runs are given
  const split = path.join(dir, 'split.json')
  const whole = path.join(dir, 'whole.json')
  const jobs = path.join(dir, 'ranges.json')
  const a = await runToEnd(['scan', file, '--workers', '2', '--format', 'json', '--out', split], smallRangesEnv(jobs))
  expect(a.stderr).toBe('')
  expect(a.code).toBe(0)
  // The split happened: the workers were sent the planned ranges.
  expect(JSON.parse(fs.readFileSync(jobs, 'utf8'))).toEqual(planned!.ranges.map((r) => ({ path: file, ...r })))
  const b = await runToEnd(['scan', file, '--format', 'json', '--out', whole], smallRangesEnv())
  expect(b.code).toBe(0)
  type Out = { files: unknown[]; stats: Record<string, unknown> }
  const strip = (o: Out) => ({ files: o.files, candles: o.stats.candles, fvgs: o.stats.fvgs })
  const [s, w] = [split, whole].map((f) => strip(JSON.parse(fs.readFileSync(f, 'utf8')) as Out))
  expect(s.candles).toBe(50_000)
  expect(s).toEqual(w)
})

it("a range size in the user's environment steers no scan: a file under FILE_RANGE_BYTES runs whole", async () => {
  const dir = tempDir('gw-scan-nosplit-')
  const file = path.join(dir, 'SMALL.csv')
  writeCandlesCsv(file, generateCandles({ seed: 9, count: 50_000, intervalMs: 60_000, startPrice: 100 }))
  expect(planCsvRanges(file, SMALL_RANGE_BYTES, 2)?.ranges.length).toBeGreaterThan(2) // would split at the test size
  const jobs = path.join(dir, 'ranges.json')
  // GAPWATCH_TEST_RANGE_BYTES was read by any process that had it (a shell left with it set, a CI job).
  const r = await runToEnd(['scan', file, '--workers', '2', '--format', 'json', '--out', path.join(dir, 'out.json')], {
    GAPWATCH_TEST_RANGE_BYTES: String(SMALL_RANGE_BYTES),
    ...rangeJobsEnv(jobs),
  })
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  expect(JSON.parse(fs.readFileSync(jobs, 'utf8'))).toEqual([]) // no range was sent to a worker
})

it('a usage error found after the workers were started is reported as before: exit 2, no output', async () => {
  // The workers start before the options are checked (their start-up overlaps the CLI's).
  const r = await runToEnd(['scan', bundledDataPath('eurusd_15m.csv'), '--workers', '2', '--format', 'json', '--middle', 'sideways'])
  expect(r.code).toBe(2)
  expect(r.stderr).toMatch(/Invalid option: .*middle/)
  expect(r.stdout).toBe('')
})
