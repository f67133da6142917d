// What a chart open costs the engine's thread for an imported 1M-candle CSV: before, the engine
// parsed the file itself (importCsvFile, as Scanner.series did through loadSource); now it reads the
// candle cache a pool worker wrote (readCandleCache). Medians of several runs, measured in the same
// run, with the load average (the machine is shared).
//   node bench/fvg/chart-open.ts [rows] [runs]
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { importCsvFile } from '../../electron/engine/market/csv.ts'
import { candleCacheFile, currentKey, readCandleCache, writeCandleCache } from '../../electron/engine/scanner/candle-cache.ts'
import { writeGeneratedCsv } from './csv.ts'

const rows = Number(process.argv[2] ?? 1_000_000)
const runs = Number(process.argv[3] ?? 7)
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]

const dir = mkdtempSync(join(tmpdir(), 'gw-bench-chart-'))
try {
  const csv = join(dir, 'X.csv')
  writeGeneratedCsv(csv, rows)
  const cache = candleCacheFile(join(dir, 'cache'), csv, null)
  const key = currentKey(csv, null)!
  writeCandleCache(cache, key, importCsvFile(csv).candles) // what the worker leaves after the scan
  const parse: number[] = []
  const read: number[] = []
  for (let i = 0; i < runs; i++) {
    let t = performance.now()
    const a = importCsvFile(csv).candles
    parse.push(performance.now() - t)
    t = performance.now()
    const b = await readCandleCache(cache, key)
    read.push(performance.now() - t)
    if (!b || b.time.length !== a.time.length) throw new Error('bench: the cache does not hold the file')
  }
  const mb = (f: string) => (statSync(f).size / 1e6).toFixed(1)
  console.log(`chart open of ${rows.toLocaleString('en-US')} candles (CSV ${mb(csv)} MB, cache ${mb(cache)} MB), ${runs} runs, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  console.log(`  engine parses the CSV (before)   median ${median(parse).toFixed(1)} ms`)
  console.log(`  engine reads the cache (now)     median ${median(read).toFixed(1)} ms`)
  console.log(`  ratio before/now                 ${(median(parse) / median(read)).toFixed(1)}x`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
