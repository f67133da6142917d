// CSV import throughput: a ~1M-row generated file (epoch ms, 5-decimal prices) parsed several
// times; the median in MB/s, against a naive split()/Number() parser measured in the same run.
//   node bench/fvg/csv.ts [rows]

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { generateCandles } from '../../electron/engine/market/generator.ts'
import { importCsvFile } from '../../electron/engine/market/csv.ts'
import { writeCandlesCsv } from '../../electron/engine/market/write.ts'

export { writeCandlesCsv }

export interface CsvBenchResult {
  rows: number
  bytes: number
  runs: number
  /** Median throughput of importCsvFile (read + parse + checks). */
  mbPerSec: number
  medianMs: number
  /** Median throughput of the naive baseline: readFileSync(utf8), split('\n'), split(','), Number(). */
  baselineMbPerSec: number
  baselineMedianMs: number
  /** mbPerSec / baselineMbPerSec. */
  ratio: number
}

/** Writes `rows` generated EURUSD-like 15m candles (seeded) as a generic CSV; returns the bytes written. */
export function writeGeneratedCsv(path: string, rows: number, seed = 42): number {
  return writeCandlesCsv(path, generateCandles({ seed, count: rows, startPrice: 1.0855, startTime: Date.UTC(2000, 0, 3) }))
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** The obvious parser: what the hand-written one is measured against. */
function naiveParse(path: string): number {
  const lines = readFileSync(path, 'utf8').split('\n')
  const n = lines.length
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)]
  let k = 0
  for (let i = 1; i < n; i++) {
    if (lines[i] === '') continue
    const cells = lines[i].split(',')
    for (let j = 0; j < 6; j++) cols[j][k] = Number(cells[j])
    k++
  }
  return k
}

export async function benchCsv(opts: { rows?: number; runs?: number } = {}): Promise<CsvBenchResult> {
  const rows = opts.rows ?? 1_000_000
  const runs = opts.runs ?? 7
  const dir = mkdtempSync(join(tmpdir(), 'gapwatch-csv-bench-'))
  try {
    const path = join(dir, 'bench.csv')
    writeGeneratedCsv(path, rows)
    const bytes = statSync(path).size
    const mb = bytes / 1e6
    // Warm both up once (JIT, page cache), then alternate so drift hits both equally.
    if (importCsvFile(path).rows !== rows || naiveParse(path) !== rows) throw new Error('bench: row count mismatch')
    const fast: number[] = []
    const naive: number[] = []
    for (let r = 0; r < runs; r++) {
      let t = performance.now()
      importCsvFile(path)
      fast.push(performance.now() - t)
      t = performance.now()
      naiveParse(path)
      naive.push(performance.now() - t)
      await new Promise((done) => setImmediate(done))
    }
    const medianMs = median(fast)
    const baselineMedianMs = median(naive)
    const mbPerSec = mb / (medianMs / 1000)
    const baselineMbPerSec = mb / (baselineMedianMs / 1000)
    return { rows, bytes, runs, mbPerSec, medianMs, baselineMbPerSec, baselineMedianMs, ratio: mbPerSec / baselineMbPerSec }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = process.argv[2] !== undefined ? Number(process.argv[2]) : undefined
  const r = await benchCsv({ rows })
  const f = (x: number): string => x.toFixed(1)
  console.log(`csv import: ${r.rows.toLocaleString('en')} rows, ${f(r.bytes / 1e6)} MB, median of ${r.runs}`)
  console.log(`  importCsvFile   ${f(r.mbPerSec)} MB/s  (${f(r.medianMs)} ms)`)
  console.log(`  naive baseline  ${f(r.baselineMbPerSec)} MB/s  (${f(r.baselineMedianMs)} ms)  split + Number()`)
  console.log(`  ratio           ${r.ratio.toFixed(2)}x`)
}
