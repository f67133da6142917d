// `gapwatch scan FILE...`: finds FVGs in CSV files with the worker pool and prints them.
import path from 'node:path'
import { nodeWorkerHost, type WorkerHost } from '../engine/pool/worker-host.ts'
import { ObservedHost } from '../engine/pool/observed-host.ts'
import type { ScanJobResult } from '../engine/pool/protocol.ts'
import type { ScanFormat } from '../engine/pool/scan-output.ts'
import { UsageError } from './common.ts'
import { streamScan, type StreamTotals } from './scan-stream.ts'
import { OutputTurns } from './scan-turns.ts'
import type { Output } from './scan-output-file.ts'
import { claimEarlyScan, parseScanArgs, scansInProcess, startScan, workerCount, type ScanValues } from './scan-early.ts'
import { OutputWriteError, writeAllSync } from '../engine/pool/output-turn.ts'
import { cliLog } from './log.ts'
import { checkOutFile, checkOutIsNoDataFile, checkOutIsNoInput, checkStdoutIsNoInput } from './out-not-input.ts'
import { fvgOptionsFromArgs } from './scan-options.ts'

export const scanHelp = `Usage: gapwatch scan FILE... [options]

Finds Fair Value Gaps in CSV files (one symbol per file; generic OHLC with a timestamp/time/date
column, MetaTrader 5 exports, Binance klines) using a pool of worker processes.

  --workers N            worker processes (default: one per file, at most cores − 1; a single
                         file is scanned in this process unless --workers is given)
  --timeframe TF         resample first: 5m, 15m, 1h, 4h, 1d, or any multiple of the data's step
  --tz ZONE              the files' wall-clock times are in ZONE, e.g. a broker's server time:
                         an IANA name (Europe/Athens) or a UTC offset (+02:00); default UTC
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
  const { values, positionals } = parseScanArgs(argv)
  if (values.help) return void console.log(scanHelp)
  if (positionals.length === 0) throw new UsageError('scan: give at least one CSV file. Try "gapwatch scan --help".')
  // The workers start now, while this process loads the scanner's modules (or started before this
  // module loaded: cli/main.ts, scan-early.ts): their start-up overlaps ours instead of following it.
  // Ended unused if the scan stops early.
  const start = claimEarlyScan(argv) ?? startScan(values, positionals)
  try {
    await run(values, positionals, start.workers, start.output)
  } catch (err) {
    // `gapwatch scan … | head` closes the pipe early: that is not an error.
    if (err instanceof OutputWriteError && err.code === 'EPIPE') return
    // Name the output that failed (a full disk, /dev/full): the error itself only knows an fd.
    if (err instanceof OutputWriteError) err.message += ` (output: ${values.out ?? 'standard output'})`
    throw err
  } finally {
    start.close()
  }
}

async function run(values: ScanValues, positionals: string[], host: WorkerHost | null, output: Output): Promise<void> {
  const inProcess = scansInProcess(values, positionals)
  // No zod before the first job (~35 ms of CPU to load): the options are checked by scan-options.ts,
  // and the pool is PoolCore, which takes the specs built here from them as they are (trustSpec).
  const [pooling, { parseTimeframe, formatTimeframe }, { checkImportFile, FileReadError }, { checkZone }, { runScanJob }] = await Promise.all([
    inProcess ? null : import('../engine/pool/pool-core.ts'),
    import('../engine/market/timeframe.ts'), import('../engine/market/read-file.ts'), import('../engine/market/timezone.ts'),
    import('../engine/pool/scan-job.ts'),
  ])
  const format = values.format ?? (process.stdout.isTTY && !values.out ? 'table' : 'json')
  if (!['json', 'csv', 'table'].includes(format)) throw new UsageError(`--format: "${format}" is not json, csv or table.`)
  const options = fvgOptionsFromArgs(values)
  if (values.timeframe) {
    try {
      parseTimeframe(values.timeframe)
    } catch (err) {
      throw new UsageError(`--timeframe: ${(err as Error).message}`)
    }
  }
  if (values.tz !== undefined) {
    try {
      checkZone(values.tz)
    } catch (err) {
      throw new UsageError(`--tz: ${(err as Error).message}.`)
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
  if (values.out) checkOutFile(values.out)
  if (values.out) checkOutIsNoInput(values.out, files)
  else checkStdoutIsNoInput(files)
  if (values.out && values['data-dir']) checkOutIsNoDataFile(values.out, path.resolve(values['data-dir']))
  const workers = workerCount(values, positionals)
  if (workers === null) throw new UsageError(`--workers: "${values.workers}" is not a whole number from 1 to 64.`)

  // A FIFO --out waits here for its reader, maybe for long: the data directory is locked only after
  // that, so other commands can use it meanwhile. A locked one is still refused before the wait.
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : null
  if (dataDir && output.waitsForReader()) await checkUnlocked(dataDir)
  try {
    output.connect()
  } catch (err) {
    throw new UsageError(`--out: ${(err as Error).message}`)
  }
  // Open the store before the output is emptied: a locked data directory should fail before any work is done.
  const store = dataDir ? await openStore(dataDir) : null
  const t0 = performance.now()
  const fmt = format as ScanFormat
  // Table rows are small: they come back; JSON and CSV parts are written by their workers.
  const turns = inProcess || fmt === 'table' ? null : new OutputTurns()
  // Each file's part of the output is formatted where it is scanned; its zones come back too only
  // when they are stored.
  const specs = files.map((file, i) => ({
    kind: 'scan' as const,
    symbol: path.basename(file).replace(/\.[^.]*$/, ''),
    source: { kind: 'file' as const, path: file },
    timeframe: values.timeframe,
    tz: values.tz,
    options,
    returnZones: store !== null,
    output: { format: fmt, file: positionals[i], stream: turns ? i : undefined },
  }))
  let fd: number
  try {
    fd = output.begin()
  } catch (err) {
    store?.close()
    throw new UsageError(`--out: ${(err as Error).message}`)
  }
  // No idle exit: a run ends its workers itself, and a worker that holds a split range's rows waits,
  // jobless, for its turn to write them, which a slow reader (`… | less`) may make take minutes.
  const pool = pooling === null ? null : new pooling.PoolCore(new ObservedHost(host ?? nodeWorkerHost(undefined, { outputFd: fd }), turns ? [turns] : []), workers, { idleExitMs: 0 })
  let totals: StreamTotals
  try {
    totals = await streamScan({
      format: fmt,
      files: positionals,
      // Enough files ahead to keep every worker busy while the next one in order is written.
      window: pool ? 2 * workers : 1,
      // A worker waits only at the end, with fewer files left than workers: the files before those
      // stay whole (a split adds a third more work and a merge and format in this process).
      scan: (i) => (pool && pooling ? pool.submit(pooling.trustSpec(specs[i]), i < files.length - (workers - 1) ? { split: false } : {}).done : runScanJob(specs[i])),
      write: (b) => writeAllSync(fd, b),
      turns: turns ?? undefined,
      onError: (_i, err) => cliLog.error(err.message),
      onResult: (i, result) => {
        store?.zones.saveScan(result.symbol, values.timeframe ?? timeframeOf(result, formatTimeframe), JSON.stringify({ kind: 'file', path: files[i] }), result)
      },
      stats: (t) => {
        const wallMs = performance.now() - t0
        return {
          files: t.files,
          failed: t.failed,
          workers: inProcess ? 0 : workers,
          candles: t.candles,
          fvgs: t.fvgs,
          wallMs: Math.round(wallMs),
          candlesPerSec: Math.round(t.candles / (wallMs / 1000)),
          balance: pool ? pool.stats().balance : 1,
        }
      },
    })
  } finally {
    store?.close()
    await pool?.close()
  }
  if (totals.failed) process.exitCode = 2
}

function timeframeOf(r: ScanJobResult, formatTimeframe: (ms: number) => string): string {
  return Number.isFinite(r.intervalMs) && r.intervalMs > 0 ? formatTimeframe(r.intervalMs) : 'raw'
}

/** Throws as openStore would if another process holds the data directory's lock; holds nothing after. */
async function checkUnlocked(dir: string): Promise<void> {
  const { ensureDataDir, lockDataDir } = await import('../engine/store/index.ts')
  ensureDataDir(dir)
  lockDataDir(dir).release()
}

/** Loaded only with --data-dir: the store brings in the whole contract's schemas. */
async function openStore(dir: string) {
  // The store parses a handful of rows with the contract's schemas: compiling each schema's fast path
  // (zod's JIT) costs more than it saves; set before the schemas' modules load (shared/fvg.ts parses
  // its defaults as it loads). zod's config is process-wide: right for the CLI's one command, but an
  // in-process caller of scan() (a test) keeps that setting after it.
  ;(await import('zod')).z.config({ jitless: true })
  const { openDatabase, ensureDataDir, lockDataDir, ZoneStore } = await import('../engine/store/index.ts')
  ensureDataDir(dir) // not mkdir's recursive: it spins forever under /proc
  const lock = lockDataDir(dir)
  const db = openDatabase(path.join(dir, 'gapwatch.db'), { onWarning: (m) => cliLog.warn(m) })
  return {
    zones: new ZoneStore(db),
    close() {
      db.close()
      lock.release()
    },
  }
}
