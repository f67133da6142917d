// `gapwatch scan FILE...`: finds FVGs in CSV files with the worker pool and prints them.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { FvgOptionsSchema, type FvgOptions, type MinGap } from '../../shared/fvg.ts'
import { describeZodError } from '../../shared/zod-error.ts'
import { Pool, defaultPoolSize } from '../engine/pool/pool.ts'
import { nodeWorkerHost } from '../engine/pool/worker-host.ts'
import { parseTimeframe, formatTimeframe, checkImportFile, FileReadError } from '../engine/market/index.ts'
import type { ScanJobResult } from '../engine/pool/protocol.ts'
import { runScanJob } from '../engine/pool/scan-job.ts'
import { UsageError } from './common.ts'
import { formatScan, type ScannedFile } from './scan-format.ts'

export const scanHelp = `Usage: gapwatch scan FILE... [options]

Finds Fair Value Gaps in CSV files (one symbol per file; generic OHLC with a timestamp/time/date
column, MetaTrader 5 exports, Binance klines) using a pool of worker processes.

  --workers N            worker processes (default: one per file, at most cores − 1; a single
                         file is scanned in this process unless --workers is given)
  --timeframe TF         resample first: 5m, 15m, 1h, 4h, 1d, or any multiple of the data's step
  --join-consecutive     merge same-direction FVGs on adjacent candles
  --middle RULE          middle candle: body (default) | close-beyond | none
  --min-gap SPEC         none (default) | pct:VALUE | atr:MULTIPLE[:PERIOD] | auto
  --mitigation RULE      touch (default) | full-wick | full-close | half
  --label CANDLE         middle (default) | third
  --format FMT           json | csv | table (default: table on a terminal, json otherwise)
  --out FILE             write the results to FILE instead of standard output
  --data-dir DIR         also store the zones in this data directory's database

Errors (a bad file names its line and column) go to standard error with exit code 2; the other
files are still scanned and printed.`

export async function scan(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workers: { type: 'string' },
      timeframe: { type: 'string' },
      'join-consecutive': { type: 'boolean', default: false },
      middle: { type: 'string', default: 'body' },
      'min-gap': { type: 'string', default: 'none' },
      mitigation: { type: 'string', default: 'touch' },
      label: { type: 'string', default: 'middle' },
      format: { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return void console.log(scanHelp)
  if (positionals.length === 0) throw new UsageError('scan: give at least one CSV file. Try "gapwatch scan --help".')
  const format = values.format ?? (process.stdout.isTTY && !values.out ? 'table' : 'json')
  if (!['json', 'csv', 'table'].includes(format)) throw new UsageError(`--format: "${format}" is not json, csv or table.`)
  const parsed = FvgOptionsSchema.safeParse({
    joinConsecutive: values['join-consecutive'],
    middle: values.middle,
    minGap: parseMinGap(values['min-gap']),
    mitigation: values.mitigation,
    label: values.label,
  })
  if (!parsed.success) throw new UsageError(`Invalid option: ${describeZodError(parsed.error)}`)
  const options: FvgOptions = parsed.data
  if (values.timeframe) {
    try {
      parseTimeframe(values.timeframe)
    } catch (err) {
      throw new UsageError(`--timeframe: ${(err as Error).message}`)
    }
  }
  const files = positionals.map((f) => path.resolve(f))
  // Only regular files within the import limit: a FIFO would hang the reader, /dev/zero never ends.
  // (The reader checks again, as the file may be swapped meanwhile.)
  for (const f of files) {
    try {
      checkImportFile(f)
    } catch (err) {
      throw err instanceof FileReadError ? new UsageError(`${err.message}.`) : err
    }
  }
  const workers = values.workers === undefined ? Math.min(files.length, defaultPoolSize()) : Number(values.workers)
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers: "${values.workers}" is not 1–64.`)
  // One file has nothing to share out: scanning it here saves starting a process and copying zones back.
  const inProcess = files.length === 1 && values.workers === undefined

  // Open the store first: a locked data directory should fail before any work is done.
  const store = values['data-dir'] ? await openStore(path.resolve(values['data-dir'])) : null
  const t0 = performance.now()
  const specs = files.map((file) => ({
    kind: 'scan' as const,
    symbol: path.basename(file).replace(/\.[^.]*$/, ''),
    source: { kind: 'file' as const, path: file },
    timeframe: values.timeframe,
    options,
  }))
  let settled: PromiseSettledResult<ScanJobResult>[]
  let balance = 1
  if (inProcess) {
    settled = await Promise.allSettled([runScanJob(specs[0])])
  } else {
    const pool = new Pool(nodeWorkerHost(), workers)
    settled = await Promise.allSettled(specs.map((spec) => pool.submit(spec).done))
    balance = pool.stats().balance
    await pool.close()
  }
  const wallMs = performance.now() - t0

  const scanned: ScannedFile[] = []
  let failed = 0
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') scanned.push({ file: positionals[i], result: s.value })
    else {
      failed++
      console.error(`gapwatch: ${(s.reason as Error).message}`)
    }
  })
  if (store) {
    for (const { file, result } of scanned) {
      store.zones.saveScan(result.symbol, values.timeframe ?? timeframeOf(result), JSON.stringify({ kind: 'file', path: path.resolve(file) }), result)
    }
    store.close()
  }
  const candles = scanned.reduce((a, s) => a + s.result.candles, 0)
  const stats = {
    files: files.length,
    failed,
    workers: inProcess ? 0 : workers,
    candles,
    fvgs: scanned.reduce((a, s) => a + s.result.fvgs, 0),
    wallMs: Math.round(wallMs),
    candlesPerSec: Math.round(candles / (wallMs / 1000)),
    balance,
  }
  if (values.out) {
    const fd = fs.openSync(values.out, 'w')
    try {
      formatScan(format as 'json' | 'csv' | 'table', scanned, stats, (c) => {
        for (let off = 0; off < c.length; ) off += fs.writeSync(fd, c, off)
      })
    } finally {
      fs.closeSync(fd)
    }
  } else {
    // The writer reuses its buffer, and stdout may write later: each chunk goes out as a copy.
    formatScan(format as 'json' | 'csv' | 'table', scanned, stats, (c) => process.stdout.write(Buffer.from(c)))
  }
  if (failed) process.exitCode = 2
}

function timeframeOf(r: ScanJobResult): string {
  return Number.isFinite(r.intervalMs) && r.intervalMs > 0 ? formatTimeframe(r.intervalMs) : 'raw'
}

/** Loaded only with --data-dir: the store brings in the whole contract's schemas. */
async function openStore(dir: string) {
  const { openDatabase, ensureDataDir, lockDataDir, ZoneStore } = await import('../engine/store/index.ts')
  ensureDataDir(dir) // not mkdir's recursive: it spins forever under /proc
  const lock = lockDataDir(dir)
  const db = openDatabase(path.join(dir, 'gapwatch.db'), { onWarning: (m) => console.error(`warning: ${m}`) })
  return {
    zones: new ZoneStore(db),
    close() {
      db.close()
      lock.release()
    },
  }
}

/** `none`, `pct:0.1`, `atr:1.5` or `atr:1.5:14`, `auto`. */
export function parseMinGap(text: string): MinGap {
  const [kind, a, b] = text.split(':')
  const num = (v: string | undefined, what: string) => {
    const n = Number(v)
    if (v === undefined || v === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--min-gap: "${text}": ${what} must be a number ≥ 0.`)
    return n
  }
  switch (kind) {
    case 'none':
      return { kind: 'none' }
    case 'auto':
      return { kind: 'auto' }
    case 'pct':
      return { kind: 'percent', value: num(a, 'the percentage') }
    case 'atr':
      return { kind: 'atr', multiple: num(a, 'the multiple'), period: b === undefined ? 14 : Math.max(1, Math.round(num(b, 'the period'))) }
    default:
      throw new UsageError(`--min-gap: "${text}" is not none, pct:VALUE, atr:MULTIPLE[:PERIOD] or auto.`)
  }
}
