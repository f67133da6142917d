// The scanner: the watchlist (the demo symbols plus imported CSV files), scans through the worker
// pool with their zones stored in SQLite, candles for the charts, CSV import, and the scaling
// experiment. Events go out through `emit`, which the engine forwards to its hosts.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Candles } from '../../../shared/candles.ts'
import type { FvgOptions } from '../../../shared/fvg.ts'
import type { CandlesResult, JobInfo, PoolStatus, SymbolScanInfo, WatchlistItem } from '../../../shared/scanner.ts'
import type { EventName, CommandResult } from '../../../shared/contract.ts'
import { MAX_LISTED_POOL_JOBS, MAX_QUEUED_SCAN_JOBS, maxBenchWorkers } from '../../../shared/limits.ts'
import type { EngineEvents } from '../engine.ts'
import { defaultWatchlist, loadSource, parseCsv, readImportFile, resample, parseTimeframe, formatTimeframe, type WatchlistEntry } from '../market/index.ts'
import type { Db } from '../store/database.ts'
import type { WriteHealth } from '../store/write-health.ts'
import { ZoneStore } from '../store/zone-store.ts'
import { RunStore } from '../store/run-store.ts'
import { Pool, defaultPoolSize } from '../pool/pool.ts'
import type { WorkerHost } from '../pool/worker-host.ts'
import { runScalingExperiment, workerSeries } from '../pool/scaling.ts'
import { Replay } from './replay.ts'
import { PoolHistory } from './pool-history.ts'

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
  /** Throughput and queue depth per snapshot, for the Scanner charts (poolHistory). */
  readonly history = new PoolHistory()
  private candleCache: { key: string; candles: Candles } | null = null
  private replay: Replay | null = null
  private replayId = 0
  /** Queued or running scans by what they scan (symbol, source, timeframe, options): a repeat joins them. */
  private readonly activeScans = new Map<string, number>()
  /** The running scaling experiment (one at a time), aborted by a cancel-all. */
  private benchRun: AbortController | null = null
  readonly importDir: string

  constructor(o: ScannerOptions) {
    this.o = o
    this.zones = new ZoneStore(o.db, { health: o.health })
    this.runs = new RunStore(o.db, { health: o.health })
    this.importDir = path.join(o.dataDir, 'imports')
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

  /**
   * The demo symbols, then the imports. An import named like a demo symbol (EURUSD.csv) takes the
   * demo's place: one entry, the user's file. Listing both showed the symbol twice, and a scan of
   * "EURUSD" read the bundled file. The import's scans replace the demo's in the watchlist (scansOf).
   */
  entries(filter: readonly string[] = []): WatchlistEntry[] {
    const imports = new Map(this.imported().map((e) => [e.symbol, e]))
    const all = defaultWatchlist().map((demo) => {
      const own = imports.get(demo.symbol)
      imports.delete(demo.symbol)
      return own ?? demo
    })
    all.push(...imports.values())
    return filter.length ? all.filter((e) => filter.includes(e.symbol)) : all
  }

  /** An entry's stored scans: for an import, only those of its own file (not a demo's of the same name). */
  private scansOf(e: WatchlistEntry, scans: readonly SymbolScanInfo[]): SymbolScanInfo[] {
    const own = e.source.kind === 'file' && path.dirname(e.source.path) === this.importDir ? JSON.stringify(e.source) : null
    return scans.filter((s) => s.symbol === e.symbol && (own === null || s.source === own))
  }

  /** Imported CSV files, kept in <data dir>/imports as <SYMBOL>.csv. */
  private imported(): WatchlistEntry[] {
    if (!fs.existsSync(this.importDir)) return []
    const scans = this.zones.scans()
    return fs
      .readdirSync(this.importDir)
      .filter((f) => f.toLowerCase().endsWith('.csv'))
      .map((f) => {
        const symbol = f.slice(0, -4)
        const source = { kind: 'file' as const, path: path.join(this.importDir, f) }
        const meta = scans.find((s) => s.symbol === symbol && s.source === JSON.stringify(source))
        const ms = meta?.intervalMs ?? 0
        return {
          symbol,
          name: `Imported from ${f}`,
          assetClass: 'fx' as const,
          timeframe: ms > 0 ? formatTimeframe(ms) : 'raw',
          timeframeMs: ms,
          source,
        }
      })
  }

  watchlist(filter: readonly string[] = []): WatchlistItem[] {
    const scans = this.zones.scans()
    return this.entries(filter).map((e) => ({
      symbol: e.symbol,
      name: e.name,
      assetClass: e.assetClass,
      timeframe: e.timeframe,
      source: e.source.kind,
      file: e.source.kind === 'file' ? e.source.path : null,
      scans: this.scansOf(e, scans),
    }))
  }

  /**
   * Queues one job per symbol; each job's zones are stored when it completes. A symbol whose scan
   * with the same source, timeframe and options is already queued or running gets that job's id
   * (unless `fresh`: an import's new file must be read again). Past MAX_QUEUED_SCAN_JOBS queued or
   * running scans, the request is refused whole.
   */
  scan(entries: WatchlistEntry[], o: { timeframe?: string; options?: Partial<FvgOptions>; queue?: string; fresh?: boolean } = {}): number[] {
    const pool = this.getPool()
    if (o.timeframe) parseTimeframe(o.timeframe) // a bad timeframe fails here, not in 15 workers
    const options = { ...this.o.scanOptions(), ...o.options }
    const keyOf = (e: WatchlistEntry) => JSON.stringify([e.symbol, e.source, o.timeframe ?? e.timeframe, options])
    const joinable = (key: string) => (o.fresh ? undefined : this.activeScans.get(key))
    // A symbol listed twice in one request is scanned once, like one already queued.
    const fresh = o.fresh ? entries.length : new Set(entries.map(keyOf).filter((k) => joinable(k) === undefined)).size
    if (fresh > 0 && this.activeScans.size + fresh > MAX_QUEUED_SCAN_JOBS) {
      throw new Error(
        `The scan queue is full: ${this.activeScans.size} scans are queued or running and ${fresh} more would pass the limit of ${MAX_QUEUED_SCAN_JOBS}. Wait for them to finish or cancel them.`,
      )
    }
    const runId = fresh > 0 ? this.runs.startRun('scan', pool.size, fresh) : 0
    return entries.map((e) => {
      const key = keyOf(e)
      const existing = joinable(key)
      if (existing !== undefined) return existing
      const timeframe = o.timeframe ?? e.timeframe
      const job = pool.submit(
        { kind: 'scan', symbol: e.symbol, source: e.source, timeframe: o.timeframe, options },
        { queue: o.queue ?? 'live', cost: estimatedCandles(e) },
      )
      this.activeScans.set(key, job.id)
      const settled = () => {
        if (this.activeScans.get(key) === job.id) this.activeScans.delete(key)
      }
      this.jobRuns.set(job.id, { runId, timeframe })
      this.runs.recordJob(runId, timeframe, pool.job(job.id)!)
      job.done.then(
        (result) => {
          settled()
          this.jobRuns.delete(job.id)
          // A full disk does not lose the zones: the store keeps them in memory and saves them
          // when there is room (the engine reports it once); the job is done either way.
          this.guard(`storing the zones of ${e.symbol}`, () => this.zones.saveScan(e.symbol, timeframe, JSON.stringify(e.source), result))
          const info = pool.job(job.id)
          if (info) this.guard(`recording job ${job.id}`, () => this.runs.recordJob(runId, timeframe, info, result))
        },
        settled, // failures and cancellations are recorded from the pool's job events
      )
      return job.id
    })
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
    if (jobIds === undefined && this.benchRun) {
      this.benchRun.abort()
      stopped++
    }
    if (!this.pool) return stopped
    const ids = jobIds ?? this.pool.activeJobs().map((j) => j.id)
    return stopped + ids.filter((id) => this.pool!.cancel(id)).length
  }

  /** The pool's exact counts, the oldest MAX_LISTED_POOL_JOBS active jobs and the recent finished ones. */
  poolStatus(): PoolStatus {
    const pool = this.getPool()
    return { t: Date.now(), stats: pool.stats(), jobs: [...pool.activeJobs().slice(0, MAX_LISTED_POOL_JOBS), ...this.recent] }
  }

  /** A symbol's whole series (resampled if asked); the last one loaded is kept. */
  private series(symbol: string, timeframe: string | undefined): { candles: Candles; timeframe: string } {
    const entry = this.entries().find((e) => e.symbol === symbol)
    if (!entry) throw new Error(`"${symbol}" is not on the watchlist.`)
    const tf = timeframe && timeframe !== entry.timeframe ? timeframe : undefined
    const key = `${symbol}|${tf ?? ''}|${JSON.stringify(entry.source)}`
    if (this.candleCache?.key !== key) {
      let c = loadSource(entry.source)
      if (tf) c = resample(c, parseTimeframe(tf))
      this.candleCache = { key, candles: c }
    }
    return { candles: this.candleCache.candles, timeframe: tf ?? entry.timeframe }
  }

  /** The last `limit` candles of a symbol (resampled if asked), for the candlestick chart. */
  candles(symbol: string, timeframe: string | undefined, limit: number): CandlesResult {
    const { candles: c, timeframe: tf } = this.series(symbol, timeframe)
    const n = c.time.length
    const from = Math.max(0, n - limit)
    const list = (a: Float64Array) => Array.from(a.subarray(from), (v) => (Number.isNaN(v) ? null : v))
    return { symbol, timeframe: tf, offset: from, time: Array.from(c.time.subarray(from)), open: list(c.open), high: list(c.high), low: list(c.low), close: list(c.close) }
  }

  /** Validates a CSV's text (errors name file, line and column), keeps it in the data dir, and scans it. */
  importCsv(name: string, content: string): CommandResult<'importCsv'> {
    return this.importParsed(name, (file, symbol) => parseCsv(content, { file, symbol }), (dest) => fs.writeFileSync(dest, content))
  }

  /**
   * The same for a file already on disk (an HTTP upload written to a temporary file, a picked file):
   * parsed once from disk, then moved (uploads) or copied into the imports folder.
   */
  importCsvFile(name: string, filePath: string, o: { move?: boolean } = {}): CommandResult<'importCsv'> {
    let bytes: Buffer | null = null
    return this.importParsed(
      name,
      (file, symbol) => parseCsv((bytes = readImportFile(filePath)), { file, symbol }),
      // A copy keeps the very bytes that were parsed, not whatever the file holds by now.
      (dest) => (o.move ? fs.renameSync(filePath, dest) : fs.writeFileSync(dest, bytes!)),
    )
  }

  private importParsed(
    name: string,
    parse: (file: string, symbol: string) => ReturnType<typeof parseCsv>,
    keep: (dest: string) => void,
  ): CommandResult<'importCsv'> {
    const base = path.basename(name)
    const symbol = base.replace(/\.[^.]*$/, '').toUpperCase()
    if (!/^[A-Z0-9._-]{1,40}$/.test(symbol)) throw new Error(`${base}: "${symbol}" is not a usable symbol name (letters, digits, . _ - only).`)
    const parsed = parse(base, symbol) // throws CsvImportError with file:line, FileReadError
    // All or nothing: until the scan is queued, a failure (disk full, …) puts the folder back as it was.
    const hadDir = fs.existsSync(this.importDir)
    const file = path.join(this.importDir, `${symbol}.csv`)
    const tmp = `${file}.tmp`
    const old = `${file}.old`
    const hadOld = fs.existsSync(file)
    const timeframe = parsed.intervalMs > 0 ? formatTimeframe(parsed.intervalMs) : 'raw'
    let jobId: number
    try {
      fs.mkdirSync(this.importDir, { recursive: true })
      keep(tmp)
      if (hadOld) fs.renameSync(file, old)
      fs.renameSync(tmp, file)
      const entry = this.entries([symbol])[0]
      jobId = this.scan([{ ...entry, timeframe }], { fresh: true })[0]
    } catch (err) {
      fs.rmSync(tmp, { force: true })
      if (hadOld && fs.existsSync(old)) fs.renameSync(old, file)
      else if (!hadOld) fs.rmSync(file, { force: true })
      if (!hadDir) fs.rmSync(this.importDir, { recursive: true, force: true })
      throw err
    }
    if (hadOld) fs.rmSync(old, { force: true })
    return { symbol, rows: parsed.rows, blankCells: parsed.blankCells, format: parsed.format, timeframe, jobId }
  }

  /**
   * The scaling experiment: one at a time, at most maxBenchWorkers(cores) workers per step, stopped
   * by a cancel-all (scanCancel without ids). Symbols × candles are bounded by BenchParamsSchema.
   */
  async bench(o: { symbols: number; candles: number; workers?: number[] }): Promise<CommandResult<'bench'>> {
    if (this.benchRun) throw new Error('A scaling experiment is already running: wait for it to finish or cancel it (scanCancel).')
    const cores = os.availableParallelism()
    const cap = maxBenchWorkers(cores)
    const tooMany = o.workers?.find((n) => n > cap)
    if (tooMany !== undefined) throw new Error(`workers: ${tooMany} is more than this machine allows (${cap}, twice its ${cores} cores).`)
    const run = new AbortController()
    this.benchRun = run
    try {
      return await runScalingExperiment(this.o.host, {
        symbols: o.symbols,
        candles: o.candles,
        workers: o.workers ?? workerSeries(Math.min(cap, Math.max(2, this.pool?.size ?? defaultPoolSize()))),
        onProgress: (p) => this.o.emit('benchProgress', p),
        signal: run.signal,
      })
    } finally {
      this.benchRun = null
    }
  }

  /** Starts replaying a symbol (stopping any replay already running). */
  startReplay(symbol: string, timeframe: string | undefined, speed: number): CommandResult<'replayStart'> {
    const { candles, timeframe: tf } = this.series(symbol, timeframe)
    this.replay?.stop('replaced')
    this.replayId++
    const replayId = this.replayId
    this.replay = new Replay({
      symbol,
      timeframe: tf,
      candles,
      speed,
      options: this.o.scanOptions(),
      emit: (e) => this.o.emit('fvg', e),
      onEnd: (r, reason) => this.o.emit('replayEnded', { replayId, symbol: r.symbol, timeframe: r.timeframe, position: r.position, total: r.total, running: false, reason }),
    })
    this.replay.start()
    return this.replayStatus()!
  }

  replayStatus(): CommandResult<'replayStart'> | null {
    const r = this.replay
    return r ? { replayId: this.replayId, symbol: r.symbol, timeframe: r.timeframe, position: r.position, total: r.total, running: r.running } : null
  }

  stopReplay(): boolean {
    const running = this.replay?.running ?? false
    this.replay?.stop()
    return running
  }

  async close(): Promise<void> {
    this.benchRun?.abort()
    this.replay?.stop()
    if (this.statsTimer) clearInterval(this.statsTimer)
    await this.pool?.close()
  }
}

/** A job's weight for fair sharing: its candle count, or a file's size over ~50 bytes a row. */
function estimatedCandles(e: WatchlistEntry): number {
  if (e.source.kind === 'generated') return e.source.count
  try {
    return Math.max(1, fs.statSync(e.source.path).size / 50)
  } catch {
    return 1
  }
}
