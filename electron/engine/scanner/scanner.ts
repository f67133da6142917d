// The scanner: scans of the watchlist's symbols (watchlist.ts: the demo symbols plus imported CSV
// files) through the worker pool with their zones stored in SQLite, candles for the charts
// (series.ts), CSV import, the live replay (live-replay.ts) and the scaling experiment. Events go out
// through `emit`, which the engine forwards to its hosts.
import { fs } from '../builtins.ts'
import path from 'node:path'
import type { FvgOptions } from '../../../shared/fvg.ts'
import type { CandlesResult, JobInfo, PoolStatus, WatchlistItem } from '../../../shared/scanner.ts'
import type { EventName, CommandResult } from '../../../shared/contract.ts'
import { MAX_CONCURRENT_UPLOADS, MAX_LISTED_POOL_JOBS, MAX_QUEUED_SCAN_JOBS } from '../../../shared/limits.ts'
import type { EngineEvents } from '../engine.ts'
import { checkResampleTarget, checkZone, parseTimeframe, formatTimeframe, type DataSource, type WatchlistEntry } from '../market/index.ts'
import type { Db } from '../store/database.ts'
import type { WriteHealth } from '../store/write-health.ts'
import { ZoneStore } from '../store/zone-store.ts'
import { RunStore } from '../store/run-store.ts'
import { Pool, defaultPoolSize } from '../pool/pool.ts'
import type { ScanJobResult, ScanJobSpec } from '../pool/protocol.ts'
import type { WorkerHost } from '../pool/worker-host.ts'
import { LiveReplay } from './live-replay.ts'
import { ScalingBench } from './scaling-bench.ts'
import { PoolHistory } from './pool-history.ts'
import { candleCacheDir, candleCacheFile, currentKey, isCandleCacheCurrent, sweepCacheTemps } from './candle-cache.ts'
import { candleWindow, SeriesReader } from './series.ts'
import { importName, placeImport, stageCopy, stageText, sweepStaging } from './import-files.ts'
import { SymbolOptions } from './symbol-options.ts'
import { Watchlist } from './watchlist.ts'

type Emit = <E extends EventName>(event: E, payload: EngineEvents[E]) => void

export interface ScannerOptions {
  db: Db
  dataDir: string
  host: WorkerHost
  /** 0 = automatic (cores − 1). */
  workers: number
  /** Idle workers exit after this long (the pool's default when absent; 0 = never). */
  workerIdleMs?: number
  emit: Emit
  scanOptions: () => FvgOptions
  /** Store writes that fail (disk full) are kept in memory and reported here instead of throwing. */
  health?: WriteHealth
  /**
   * A busy period of the pool that ran a scan (a scan, a rescan, an import) is over: nothing is queued
   * or running. Not called for one that only read candles for a chart (engine/scan-burst.ts).
   */
  onScansDone?: () => void
}

const RECENT_JOBS = 50

export class Scanner {
  readonly zones: ZoneStore
  readonly runs: RunStore
  /** Which run and timeframe each job belongs to, until it finishes. */
  private readonly jobRuns = new Map<number, { runId: number; timeframe: string }>()
  private readonly o: ScannerOptions
  private pool: Pool | null = null
  private readonly recent: JobInfo[] = []
  private statsTimer: NodeJS.Timeout | null = null
  /** A scan job was submitted in the pool's current busy period (onScansDone is due when it ends). */
  private scannedThisPeriod = false
  /** Throughput and queue depth per snapshot, for the Scanner charts (poolHistory). */
  readonly history = new PoolHistory()
  /** Candles for the charts, the replay and the alerts, never parsed on this thread (series.ts). */
  private readonly series: SeriesReader
  /** Options remembered per imported symbol (its time zone). */
  readonly symbolOptions: SymbolOptions
  /** Where workers leave parsed series for the charts (scanner/candle-cache.ts). */
  readonly cacheDir: string
  /** The demo symbols and the imports (watchlist.ts). */
  readonly list: Watchlist
  /** The live replay of one symbol at a time (live-replay.ts). */
  readonly replays: LiveReplay
  /** Queued or running scans by what they scan (symbol, source, timeframe, options): a repeat joins them. */
  private readonly activeScans = new Map<string, number>()
  /** The running scaling experiment (one at a time), aborted by a cancel-all. */
  private readonly scaling: ScalingBench
  readonly importDir: string
  /** Imports by path being copied or parsed now (MAX_CONCURRENT_UPLOADS at most). */
  private copies = 0

  constructor(o: ScannerOptions) {
    this.o = o
    this.zones = new ZoneStore(o.db, { health: o.health })
    this.runs = new RunStore(o.db, { health: o.health })
    this.importDir = path.join(o.dataDir, 'imports')
    this.symbolOptions = new SymbolOptions(o.db)
    this.scaling = new ScalingBench(o.host, (p) => o.emit('benchProgress', p))
    this.cacheDir = candleCacheDir(o.dataDir)
    this.list = new Watchlist({ importDir: this.importDir, zones: this.zones, symbolOptions: this.symbolOptions })
    // What a crash left: the engine holds the data directory's lock, so nothing else writes there.
    sweepStaging(this.importDir)
    sweepCacheTemps(this.cacheDir)
    this.series = new SeriesReader({
      find: (symbol) => {
        const entry = this.list.entries().find((e) => e.symbol === symbol)
        if (!entry) throw new Error(`"${symbol}" is not on the watchlist.`)
        return { entry, tz: this.list.tzOf(entry) }
      },
      // A scan job that also writes the cache (its zones are not stored: the chart only needs candles).
      parseInWorker: (entry, tz, cache) => {
        const spec: ScanJobSpec = { kind: 'scan', symbol: entry.symbol, source: entry.source, options: this.o.scanOptions(), returnZones: false, candleCache: cache }
        if (tz) spec.tz = tz
        return this.getPool().submit(spec, { queue: 'live', cost: estimatedCandles(entry.source) }).done
      },
    }, this.cacheDir)
    this.replays = new LiveReplay({
      series: this.series,
      scanOptions: () => this.o.scanOptions(),
      onFvg: (e) => this.o.emit('fvg', e),
      onEnded: (e) => this.o.emit('replayEnded', e),
    })
  }

  /** The pool starts on first use, so a monitor that never scans never forks workers. */
  private getPool(): Pool {
    if (this.pool) return this.pool
    const pool = new Pool(this.o.host, this.o.workers || defaultPoolSize(), { idleExitMs: this.o.workerIdleMs })
    pool.setQueueWeight('live', 4)
    pool.setQueueWeight('backfill', 1)
    pool.on('job', (j) => {
      this.o.emit('poolJob', j)
      if (j.state === 'done' || j.state === 'failed' || j.state === 'cancelled') {
        this.recent.unshift(j)
        this.recent.length = Math.min(this.recent.length, RECENT_JOBS)
        // A done job is recorded with its result (below); failures and cancellations here.
        const run = this.jobRuns.get(j.id)
        if (run && j.state !== 'done') {
          this.jobRuns.delete(j.id)
          this.guard(`recording job ${j.id}`, () => this.runs.recordJob(run.runId, run.timeframe, j))
        }
      }
      this.watchStats()
    })
    pool.on('progress', (j) => this.o.emit('poolProgress', j))
    this.pool = pool
    return pool
  }

  /** Emits pool statistics every second while there is work, and once when it goes idle. */
  private watchStats(): void {
    if (this.statsTimer) return
    // The busy period's first point, so even a scan shorter than a second draws a line.
    this.history.record(this.poolStatus())
    this.statsTimer = setInterval(() => {
      const status = this.poolStatus()
      this.history.record(status)
      this.o.emit('poolStats', status)
      if (status.stats.running === 0 && status.stats.queued === 0) {
        clearInterval(this.statsTimer!)
        this.statsTimer = null
        if (this.scannedThisPeriod) {
          this.scannedThisPeriod = false
          this.o.onScansDone?.()
        }
      }
    }, 1000)
    this.statsTimer.unref()
  }

  setWorkerIdle(ms: number): void {
    this.o.workerIdleMs = ms
    this.pool?.setIdleExit(ms)
  }

  setWorkers(n: number): void {
    this.o.workers = n
    this.pool?.resize(n || defaultPoolSize())
  }

  /** The demo symbols, then the imports (Watchlist.entries), filtered to `filter` when given. */
  entries(filter: readonly string[] = []): WatchlistEntry[] {
    return this.list.entries(filter)
  }

  watchlist(filter: readonly string[] = []): WatchlistItem[] {
    return this.list.items(filter)
  }

  /**
   * Queues one job per symbol; each job's zones are stored when it completes. A symbol whose scan
   * with the same source, timeframe and options is already queued or running gets that job's id
   * (unless `fresh`: an import's new file must be read again). Past MAX_QUEUED_SCAN_JOBS queued or
   * running scans, the request is refused whole.
   */
  scan(entries: WatchlistEntry[], o: { timeframe?: string; options?: Partial<FvgOptions>; queue?: string; fresh?: boolean } = {}): number[] {
    const pool = this.getPool()
    // A bad timeframe, or one no symbol's candles resample to (1s of 15m), fails here, not in 15 workers.
    if (o.timeframe) {
      const target = parseTimeframe(o.timeframe)
      for (const e of entries) if (e.timeframeMs > 0) checkResampleTarget(e.timeframeMs, target, e.symbol)
    }
    const options = { ...this.o.scanOptions(), ...o.options }
    const zones = this.list.storedZones() // read once for the whole request
    const planned = entries.map((e) => {
      const tz = this.list.isImport(e.source) ? (zones.get(e.symbol) ?? null) : null
      return { e, tz, key: JSON.stringify([e.symbol, e.source, o.timeframe ?? e.timeframe, options, tz]) }
    })
    const joinable = (key: string) => (o.fresh ? undefined : this.activeScans.get(key))
    // A symbol listed twice in one request is scanned once, like one already queued.
    const fresh = o.fresh ? entries.length : new Set(planned.map((p) => p.key).filter((k) => joinable(k) === undefined)).size
    this.checkQueueRoom(fresh)
    const runId = fresh > 0 ? this.runs.startRun('scan', pool.size, fresh) : 0
    return planned.map(({ e, tz, key }) => {
      const existing = joinable(key)
      if (existing !== undefined) return existing
      const timeframe = o.timeframe ?? e.timeframe
      const job = this.submitScan(e, { key, runId, timeframe, resample: o.timeframe, options, queue: o.queue ?? 'live', tz })
      // A full disk does not lose the zones: the store keeps them in memory and saves them when
      // there is room (the engine reports it once); the job is done either way. Failures and
      // cancellations are recorded from the pool's job events.
      job.done.then((result) => this.storeScan(e, timeframe, runId, job.id, result), () => {})
      return job.id
    })
  }

  private checkQueueRoom(fresh: number): void {
    if (fresh > 0 && this.activeScans.size + fresh > MAX_QUEUED_SCAN_JOBS) {
      throw new Error(
        `The scan queue is full: ${this.activeScans.size} scans are queued or running and ${fresh} more would pass the limit of ${MAX_QUEUED_SCAN_JOBS}. Wait for them to finish or cancel them.`,
      )
    }
  }

  /**
   * Queues one entry's scan, registered as active under `key` and recorded in run `runId` until it
   * settles. A file is parsed once, in the worker: when the chart's candle cache of the file (in
   * its zone) is not current, the worker also writes it. `readFrom` (an import's staged copy) is
   * read instead of the entry's file, named `fileName` in errors.
   */
  private submitScan(
    e: WatchlistEntry,
    o: { key: string; runId: number; timeframe: string; resample?: string; options: FvgOptions; queue: string; tz: string | null; readFrom?: string; fileName?: string },
  ): { id: number; done: Promise<ScanJobResult> } {
    const spec: ScanJobSpec = { kind: 'scan', symbol: e.symbol, source: e.source, timeframe: o.resample, options: o.options }
    if (o.tz) spec.tz = o.tz
    if (e.source.kind === 'file') {
      const target = { file: candleCacheFile(this.cacheDir, e.source.path, o.tz), keyPath: e.source.path }
      if (o.readFrom || !isCandleCacheCurrent(target.file, currentKey(e.source.path, o.tz))) spec.candleCache = target
      if (o.readFrom) spec.source = { kind: 'file', path: o.readFrom }
      if (o.fileName) spec.fileName = o.fileName
    }
    const pool = this.getPool()
    const job = pool.submit(spec, { queue: o.queue, cost: estimatedCandles(spec.source) })
    this.scannedThisPeriod = true
    this.activeScans.set(o.key, job.id)
    const settled = () => {
      if (this.activeScans.get(o.key) === job.id) this.activeScans.delete(o.key)
      this.jobRuns.delete(job.id)
    }
    this.jobRuns.set(job.id, { runId: o.runId, timeframe: o.timeframe })
    this.runs.recordJob(o.runId, o.timeframe, pool.job(job.id)!)
    // Settled before the caller's own handlers run (they were attached later).
    job.done.then(settled, settled)
    return job
  }

  /** Stores a finished scan's zones and its job record. */
  private storeScan(e: WatchlistEntry, timeframe: string, runId: number, jobId: number, result: ScanJobResult): void {
    this.guard(`storing the zones of ${e.symbol}`, () => this.zones.saveScan(e.symbol, timeframe, JSON.stringify(e.source), result))
    const info = this.pool?.job(jobId)
    if (info) this.guard(`recording job ${jobId}`, () => this.runs.recordJob(runId, timeframe, info, result))
  }

  /** Runs store work from a pool callback: an error there is reported, never thrown into the pool. */
  private guard(what: string, work: () => unknown): void {
    try {
      work()
    } catch (err) {
      this.o.emit('error', { source: 'scanner', message: `Failed ${what}: ${(err as Error).message}` })
    }
  }

  /** Cancels the given jobs; with no ids, every queued and running job and the scaling experiment (counted as one). */
  cancel(jobIds?: number[]): number {
    let stopped = 0
    if (jobIds === undefined && this.scaling.abort()) stopped++
    if (!this.pool) return stopped
    const ids = jobIds ?? this.pool.activeJobs().map((j) => j.id)
    return stopped + ids.filter((id) => this.pool!.cancel(id)).length
  }

  /** The pool's exact counts, the oldest MAX_LISTED_POOL_JOBS active jobs and the recent finished ones. */
  poolStatus(): PoolStatus {
    const pool = this.getPool()
    return { t: Date.now(), stats: pool.stats(), jobs: [...pool.activeJobs().slice(0, MAX_LISTED_POOL_JOBS), ...this.recent] }
  }

  /** The last `limit` candles of a symbol (resampled if asked), for the candlestick chart. */
  async candles(symbol: string, timeframe: string | undefined, limit: number): Promise<CandlesResult> {
    return candleWindow(symbol, await this.series.series(symbol, timeframe), limit)
  }

  /** The same from candles already at hand (no worker job); throws when a worker would have to parse first. */
  candlesAtHand(symbol: string, timeframe: string | undefined, limit: number): CandlesResult {
    return candleWindow(symbol, this.series.seriesSync(symbol, timeframe), limit)
  }

  /**
   * Imports a CSV's text: written to a staged file, then imported like a file on disk (below).
   * `tz`: the zone of its wall-clock times; null = UTC; absent = the symbol's remembered zone.
   */
  async importCsv(name: string, content: string, o: { tz?: string | null } = {}): Promise<CommandResult<'importCsv'>> {
    importName(name) // a bad name is refused before anything is written
    return this.importStaged(name, stageText(this.importDir, content), o.tz)
  }

  /**
   * The same for a file already on disk: an HTTP upload written to the staging folder (`move`), or a
   * picked file (copied there first). A pool worker validates and scans it in one parse and writes
   * the chart's candle cache; only then is it moved into the imports folder, so a bad file (its
   * error names the file, line and column) leaves nothing. The answer comes when the scan is done.
   */
  async importCsvFile(name: string, filePath: string, o: { move?: boolean; tz?: string | null } = {}): Promise<CommandResult<'importCsv'>> {
    importName(name)
    if (o.move) return this.importStaged(name, filePath, o.tz) // serve bounds its uploads itself
    // Each copy holds up to MAX_IMPORT_BYTES on disk until its parse ends: bounded like serve's uploads.
    if (this.copies >= MAX_CONCURRENT_UPLOADS) throw new Error(`${MAX_CONCURRENT_UPLOADS} imports are being copied and read already; try again when one has finished.`)
    this.copies++
    try {
      return await this.importStaged(name, await stageCopy(this.importDir, filePath, path.basename(name)), o.tz)
    } finally {
      this.copies--
    }
  }

  private async importStaged(name: string, staged: string, tzParam: string | null | undefined): Promise<CommandResult<'importCsv'>> {
    try {
      const { base, symbol } = importName(name)
      const remembered = this.list.storedZones().get(symbol) ?? null
      const tz = tzParam === undefined ? remembered : tzParam === null ? null : checkZone(tzParam)
      const final = path.join(this.importDir, `${symbol}.csv`)
      const entry: WatchlistEntry = { symbol, name: `Imported from ${symbol}.csv`, assetClass: 'fx', timeframe: 'raw', timeframeMs: 0, source: { kind: 'file', path: final } }
      const options = this.o.scanOptions()
      const key = JSON.stringify(['import', staged])
      this.checkQueueRoom(1)
      const runId = this.runs.startRun('scan', this.getPool().size, 1)
      const job = this.submitScan(entry, { key, runId, timeframe: 'raw', options, queue: 'live', tz, readFrom: staged, fileName: base })
      const result = await job.done // a CSV error fails the job with its file:line message
      const timeframe = result.intervalMs > 0 ? formatTimeframe(result.intervalMs) : 'raw'
      placeImport(staged, final)
      // The file's series read in the zone it had is of no more use.
      if (remembered !== tz) fs.rmSync(candleCacheFile(this.cacheDir, final, remembered), { force: true })
      this.guard(`remembering the time zone of ${symbol}`, () => this.symbolOptions.setTz(symbol, tz))
      this.storeScan(entry, timeframe, runId, job.id, result)
      return { symbol, rows: result.candles, blankCells: result.blankCells, format: result.format ?? 'csv', timeframe, jobId: job.id, fvgs: result.fvgs, tz }
    } finally {
      fs.rmSync(staged, { force: true }) // gone already once placed
    }
  }
  /** The scaling experiment (scaling-bench.ts), sized by the pool when it has one. */
  bench(o: { symbols: number; candles: number; workers?: number[] }): Promise<CommandResult<'bench'>> {
    return this.scaling.start(o, this.pool?.size)
  }

  async close(): Promise<void> {
    this.scaling.abort()
    this.replays.stop()
    if (this.statsTimer) clearInterval(this.statsTimer)
    await this.pool?.close()
  }
}

/** A job's weight for fair sharing: its candle count, or a file's size over ~50 bytes a row. */
function estimatedCandles(source: DataSource): number {
  if (source.kind === 'generated') return source.count
  try {
    return Math.max(1, fs.statSync(source.path).size / 50)
  } catch {
    return 1
  }
}
