// The engine: sampler → store → events; it answers the shared contract's commands (commands.ts). It is
// host-agnostic (no electron): Electron main and `gapwatch serve` build one and connect its events
// and `call` to their transport.
import path from 'node:path'
import { Emitter } from '../../shared/emitter.ts'
import type { CommandResult, EventName, EventPayload, EngineUsage, SamplingState } from '../../shared/contract.ts'
import type { Sample, Processes, Filesystem } from '../../shared/sample.ts'
import type { Settings } from '../../shared/settings.ts'
import type { Inventory } from '../../shared/inventory.ts'
import { engineReport } from './report/index.ts'
import { ReportScheduler } from './report/schedule.ts'
import type { Report, ReportParams } from '../../shared/report.ts'
import { openDatabase, MetricStore, SettingsStore, lockDataDir, type Db, type DirLock } from './store/index.ts'
import { SettingsNotSavedError } from './store/settings-store.ts'
import { ensureDataDir } from './store/lock.ts'
import { WriteHealth } from './store/write-health.ts'
import { DatabaseSize } from './store/db-size.ts'
import { onFatalExit } from './crash-guard.ts'
import { Backstop } from './backstop.ts'
import { Sampler, collectInventory } from './sampler/index.ts'
import { SelfMonitor } from './self-monitor.ts'
import { SteadyClock } from './steady-clock.ts'
import { Scanner } from './scanner/scanner.ts'
import { nodeWorkerHost, type WorkerHost } from './pool/worker-host.ts'
import { ObservedHost } from './pool/observed-host.ts'
import { AlertService } from './alerts/index.ts'
import { CostService, capacityOf } from './cost/service.ts'
import { CostMetrics } from './cost/alert-metrics.ts'
import { engineValues, sampleValues } from './metrics/stored-values.ts'
import { LatestSample } from './metrics/latest.ts'
import { candlesOf } from './alerts/fvg-candles.ts'
import { PoolMetrics } from './alerts/pool-metrics.ts'
import { reduceMemory } from './memory-release.ts'
import { ScanBurst } from './scan-burst.ts'
import { commandHandlers, runCommand, type Handlers } from './commands.ts'
import { ENGINE_DB_BUSY_TIMEOUT_MS } from '../../shared/limits.ts'

export type EngineEvents = { [E in EventName]: EventPayload<E> }

export interface EngineOptions {
  dataDir: string
  /** Overrides the saved sample interval (e.g. `gapwatch serve --interval`). */
  intervalMs?: number
  version?: string
  /** Set when the host already guarantees one instance (Electron's single-instance lock). */
  skipLock?: boolean
  /** How pool workers start: utilityProcess in Electron, child_process under Node (default). */
  workerHost?: WorkerHost
  /** Scan the demo watchlist when nothing has been scanned yet (the app's first run). Default true. */
  scanOnFirstRun?: boolean
  /** The nvidia-smi executable (default 'nvidia-smi', looked up in PATH); tests name a fake or a missing file. */
  nvidiaSmi?: string
  /** The PDF of a scheduled report: the desktop prints with Electron's printToPDF; default a local Chromium (report/pdf.ts). */
  printReport?: (report: Report) => Promise<Uint8Array>
  /** Run once after the pool's last worker has exited (a scan burst is over), at the end of the next sample's handling: default V8's memory-reducing GC. */
  reduceMemory?: () => void
  /** The wall clock the engine's SteadyClock watches (default Date.now); tests step it. */
  wallClock?: () => number
}

const FLUSH_MS = 1000
/** The flush timer is a backstop (a stalled sampler, scans held back by a full disk): samples flush themselves. */
const FLUSH_TIMER_MS = 5000
/** How late past a sample interval the backstop fires: beyond the sampler's timer jitter. */
const BACKSTOP_SLACK_MS = 250
/** The alert a failed scheduled report raises (resolved by the next one that succeeds). */
const REPORT_FAILED = 'scheduled_report_failed'
const RETENTION_MS = 3_600_000

export class Engine extends Emitter<EngineEvents> {
  readonly dataDir: string
  readonly dbFile: string
  private readonly db: Db
  private readonly lock: DirLock | null
  readonly metrics: MetricStore
  readonly settings: SettingsStore
  private readonly sampler: Sampler
  readonly scanner: Scanner
  readonly alerts: AlertService
  readonly cost: CostService
  /** The cost figures as series for alert rules, every 10 min from `start`. */
  readonly costMetrics: CostMetrics
  /** Scheduled reports into <data dir>/reports (Settings → reportSchedule). */
  readonly reports: ReportScheduler
  private readonly scanOnFirstRun: boolean
  private readonly nvidiaSmi: string | undefined
  /** The engine's whole-tree cost (it and its pool workers), read once a sample. */
  private readonly self: SelfMonitor
  private usage: EngineUsage | null = null
  private readonly startedAt = Date.now()
  private readonly version: string
  private inventoryValue: Inventory | null = null
  /** Size of the database files, measured after each flush rather than on every sample. */
  private dbBytes = 0
  /** Stats the database files again only when SQLite wrote (store/db-size.ts). */
  private readonly dbSize: DatabaseSize
  /** The last process list and file systems (refreshed every 5 s and 60 s), for `snapshot`. */
  private slow: { processes: Processes | null; filesystems: Filesystem[] | null } = { processes: null, filesystems: null }
  private timers: NodeJS.Timeout[] = []
  /** Fires only when samples stop (stalled or paused sampler): alert checks and the backstop flush. */
  private readonly backstop = new Backstop(() => this.onQuiet(), () => this.settings.get().sampleIntervalMs + BACKSTOP_SLACK_MS)
  private lastFlush = -Infinity
  private stopped = false
  /** Warnings raised before anyone could listen (e.g. a recovered corrupt file at open). */
  readonly startupWarnings: string[] = []
  /** Shared by every store writer: a full disk is reported once, and writing goes on when it can. */
  readonly writes = new WriteHealth({ onError: (message) => this.emit('error', { source: 'store', message }) })
  private readonly offFatal: () => void
  private sampling: SamplingState = { paused: false, since: null }
  private started = false
  /** The pool's throughput, busy workers and crashes, recorded with each sample. */
  private readonly poolMetrics = new PoolMetrics()
  /** The latest sample and its series as computed once here, for /metrics (the server renders them). */
  readonly latest = new LatestSample()
  /** The write-rate restart and the memory release once a scan burst is over (scan-burst.ts). */
  private readonly burst: ScanBurst
  /** The contract's commands (commands.ts). */
  private readonly handlers: Handlers
  /** Sample times, retention and the store's "now": the wall clock with its steps held off (steady-clock.ts). */
  readonly clock: SteadyClock

  constructor(options: EngineOptions) {
    super()
    this.clock = new SteadyClock({ wall: options.wallClock, onStep: (message) => this.warn('clock', message), onAdopt: (step) => this.alerts.engine.clockAdopted(step) })
    this.dataDir = options.dataDir
    this.version = options.version ?? '0.0.0'
    ensureDataDir(this.dataDir) // names the directory and the cause (EROFS, EACCES, ENOTDIR)
    this.lock = options.skipLock ? null : lockDataDir(this.dataDir)
    this.burst = new ScanBurst({ restartWriteRate: () => this.self.restartWriteRate(), release: options.reduceMemory ?? reduceMemory, stopped: () => this.stopped })
    // Everything that watches the pool's workers, in one list: the crash count (pool metrics), and
    // the memory release once the last worker has exited; the host itself knows their pids.
    const workers = new ObservedHost(options.workerHost ?? nodeWorkerHost(), [this.poolMetrics, this.burst.workers])
    this.self = new SelfMonitor({ workerPids: () => workers.pids() })
    try {
      this.dbFile = path.join(this.dataDir, 'gapwatch.db')
      const warn = (message: string) => this.warn('store', message)
      this.db = openDatabase(this.dbFile, { onWarning: warn, busyTimeoutMs: ENGINE_DB_BUSY_TIMEOUT_MS })
      this.settings = new SettingsStore(this.db, warn, { health: this.writes })
      if (options.intervalMs !== undefined) this.overrideInterval(options.intervalMs)
      const s = this.settings.get()
      this.metrics = new MetricStore(this.db, {
        retention: s.retention,
        onError: (message) => this.writes.report(message),
        onWarning: warn,
        now: () => this.clock.now(),
      })
      this.dbSize = new DatabaseSize(this.db, this.dbFile, { rawLogBytes: () => this.metrics.logBytes })
      this.nvidiaSmi = options.nvidiaSmi
      this.sampler = new Sampler({
        intervalMs: options.intervalMs ?? s.sampleIntervalMs,
        groups: s.processGroups,
        gpu: { command: options.nvidiaSmi },
        now: () => this.clock.now(),
      })
      this.scanner = new Scanner({
        db: this.db,
        dataDir: this.dataDir,
        host: workers,
        workers: s.workers,
        workerIdleMs: s.workerIdleSec * 1000,
        emit: (event, payload) => this.emit(event, payload),
        scanOptions: () => this.settings.get().scan,
        health: this.writes,
        onScansDone: () => this.burst.scansDone(),
      })
      this.scanOnFirstRun = options.scanOnFirstRun ?? true
      this.alerts = new AlertService({
        db: this.db,
        dataDir: this.dataDir,
        version: this.version,
        metrics: this.metrics,
        emit: (e) => this.emit('alert', e),
        warn: (message) => this.warn('alerts', message),
        intervalMs: () => this.settings.get().sampleIntervalMs,
        timer: false, // its checks run after each sample, or from the backstop (see onQuiet)
        candles: (symbol, timeframe) => candlesOf(() => this.scanner.candlesAtHand(symbol, timeframe, Number.MAX_SAFE_INTEGER)),
        processGroups: () => this.settings.get().processGroups,
        now: () => this.clock.now(), // the samples' clock: `for`, stalls and restored states compare with sample times
      })
      this.alerts.setAlertmanager(this.settings.get().alertmanager)
      this.cost = new CostService({ metrics: this.metrics, db: this.db, settings: () => this.settings.get().cost })
      this.costMetrics = new CostMetrics({
        report: () => this.cost.report({}, this.inventoryValue ? capacityOf(this.inventoryValue) : null),
        record: (t, values) => {
          this.metrics.append(t, values)
          this.guardAlerts(() => this.alerts.engine.onValues(t, values))
        },
        warn: (message) => this.warn('cost', message),
        now: () => this.clock.now(),
      })
      this.reports = new ReportScheduler({
        dir: path.join(this.dataDir, 'reports'),
        schedule: () => this.settings.get().reportSchedule,
        build: (preset, at) => this.reportOf({ preset }, at),
        print: options.printReport ?? (async (r) => (await import('./report/pdf.ts')).printPdf((await import('./report/html.ts')).reportHtml(r))),
        onFailure: (message) => this.alerts.engine.raise(REPORT_FAILED, 'warning', message),
        onSuccess: () => this.alerts.engine.clearRaised(REPORT_FAILED),
      })
    } catch (err) {
      this.lock?.release()
      throw err
    }
    this.offFatal = onFatalExit(() => this.stop()) // a host's crash guard flushes the store before exiting
    this.sampler.on('sample', (sample) => this.onSample(sample))
    this.sampler.on('warning', (message) => this.warn('sampler', message))
    this.on('fvg', (e) => this.guardAlerts(() => this.alerts.engine.onFvg(e)))
    this.on('poolStats', (s) => this.poolMetrics.onStats(s))
    this.handlers = commandHandlers(this, {
      version: this.version,
      startedAt: this.startedAt,
      usage: () => this.usage,
      sampling: () => this.sampling,
      inventoryRead: () => this.inventoryValue,
      inventory: async () => (this.inventoryValue ??= await collectInventory({ nvidiaSmi: this.nvidiaSmi })),
      snapshot: () => this.slow,
      apply: (s) => this.apply(s),
      report: (p) => this.reportOf(p),
      setSamplingPaused: (paused) => this.setSamplingPaused(paused),
    })
  }

  /** Alert work from an event: a failure is a warning, never an exception into the emitter. */
  private guardAlerts(work: () => void): void {
    try {
      work()
    } catch (err) {
      this.warn('alerts', `Alert evaluation failed: ${(err as Error).message}`)
    }
  }

  /** `--interval` is saved as the setting; on a full disk it still holds for this run, with a warning. */
  private overrideInterval(ms: number): void {
    try {
      this.settings.update({ sampleIntervalMs: ms })
    } catch (err) {
      if (!(err instanceof SettingsNotSavedError)) throw err
      this.warn('store', `${err.message} The interval ${ms} ms holds for this run only.`)
    }
  }

  private warn(source: string, message: string): void {
    if (this.listenerCount('warning') === 0) this.startupWarnings.push(message)
    this.emit('warning', { source, message })
  }

  async start(): Promise<void> {
    this.inventoryValue = await collectInventory({ nvidiaSmi: this.nvidiaSmi })
    this.emit('inventory', this.inventoryValue)
    this.applyRetention()
    this.dbBytes = this.dbSize.read()
    this.started = true
    if (!this.sampling.paused) this.sampler.start()
    this.backstop.start()
    this.timers.push(setInterval(() => this.applyRetention(), RETENTION_MS))
    for (const t of this.timers) t.unref()
    void this.reports.start()
    this.costMetrics.start()
    this.burst.started() // memory back to the system once the start has settled (scan-burst.ts)
    if (this.scanOnFirstRun && this.scanner.zones.scans().length === 0) {
      this.scanner.scan(this.scanner.entries(this.settings.get().watchlist))
    }
  }

  /**
   * After a sample, at most once a second (and every 5 s from a timer): the buffered history, then the
   * scans and run records a full disk held back. A timer must never throw (that would be an uncaught exception): failures go to `writes`.
   */
  private flushStores(): void {
    this.lastFlush = performance.now()
    try {
      const buffered = this.metrics.buffered
      if (this.metrics.flush() && buffered > 0) this.writes.succeeded()
      this.scanner.zones.retryPending()
      this.scanner.runs.retryPending()
      this.alerts.store.retryPending()
      this.dbBytes = this.dbSize.read() // stats the files only when SQLite wrote
    } catch (err) {
      this.writes.failed('buffered data', err, 'retrying every second.')
    }
  }

  /** Deleting old history writes too (a full disk can refuse it): reported, retried next hour. */
  private applyRetention(): void {
    try {
      this.metrics.applyRetention()
    } catch (err) {
      this.writes.failed('the history clean-up', err, 'it is retried in an hour.')
    }
  }

  private onSample(sample: Sample): void {
    if (sample.processes) this.slow.processes = sample.processes
    if (sample.filesystems) this.slow.filesystems = sample.filesystems
    const values = sampleValues(sample)
    this.latest.update(sample, values)
    this.metrics.append(sample.t, values)
    this.emit('sample', sample)
    const usage = this.self.read()
    this.usage = usage
    const own = engineValues(usage)
    for (const v of this.poolMetrics.values(sample.t)) own.push(v)
    this.metrics.append(sample.t, own)
    try {
      this.alerts.onSample(sample.t, values)
      this.alerts.onSample(sample.t, own)
    } catch (err) {
      this.warn('alerts', `Alert evaluation failed: ${(err as Error).message}`)
    }
    this.emit('telemetry', { t: sample.t, ...usage, dbBytes: this.dbBytes, collectorsMs: sample.telemetry.collectorsMs })
    // Flushing and the alert checks here rather than on timers of their own save wake-ups.
    this.alertChecks(sample.t)
    if (performance.now() - this.lastFlush >= FLUSH_MS - 50) this.flushStores()
    this.backstop.touch()
    this.burst.releaseIfDue()
  }

  /** The alert engine's time-driven checks (no data, stalls, expired silences), once a sample interval:
   * after a sample, as of its time. */
  private alertChecks(now?: number): void {
    try {
      this.alerts.checkRulesFile()
      this.alerts.engine.tick(now)
    } catch (err) {
      this.warn('alerts', `Alert checks failed: ${(err as Error).message}`)
    }
  }

  /** No sample for a whole interval (stalled or paused sampler): what would have run after one. */
  private onQuiet(): void {
    this.alertChecks()
    if (performance.now() - this.lastFlush >= FLUSH_TIMER_MS - 50) this.flushStores()
    this.burst.releaseIfDue()
  }

  /** The report of a period (electron/engine/report), after writing the buffered history. */
  private reportOf(p: ReportParams, now = Date.now()) {
    this.metrics.flush()
    const e = { db: this.db, metrics: this.metrics, zones: this.scanner.zones, dbFile: this.dbFile, hostname: this.inventoryValue?.hostname }
    return engineReport({ ...e, costSettings: this.settings.get().cost }, p, now)
  }

  /** Stops sampling, writes what is buffered, and closes the database. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.offFatal()
    for (const t of this.timers) clearInterval(t)
    this.backstop.stop()
    this.reports.stop()
    this.costMetrics.stop()
    await this.sampler.stop()
    await this.scanner.close()
    await this.alerts.stop()
    this.self.stop()
    this.scanner.zones.flush() // big scans still being written in the background
    this.flushStores() // a last try for what a full disk held back
    const unsaved = this.scanner.zones.unsaved + this.scanner.runs.unsaved + this.alerts.store.unsaved
    if (unsaved > 0) this.emit('error', { source: 'store', message: `Stopping with ${unsaved} scan result(s), alert row(s) or record(s) unsaved: the disk is still full or the database locked.` })
    this.metrics.close() // writes the open hour, so the database file alone holds all history
    this.db.close()
    this.lock?.release()
  }

  /** Runs a command of the contract; params are validated and a bad one is rejected with its fields named. */
  call(name: string, params: unknown): Promise<unknown> {
    return runCommand(this.handlers, name, params)
  }

  /** Pauses or resumes sampling; the alerts treat the pause as intended (alerts/alert-engine.ts). */
  private async setSamplingPaused(paused: boolean): Promise<SamplingState> {
    if (paused === this.sampling.paused || this.stopped) return this.sampling
    const now = this.clock.now()
    this.sampling = { paused, since: paused ? now : null }
    if (paused) {
      this.alerts.engine.pause(now) // first: a sample still in flight is not evaluated
      await this.sampler.pause()
    } else {
      this.alerts.engine.resume(now)
      await this.sampler.resume()
      if (this.started && !this.stopped) this.sampler.start() // paused before start(): it never ran
    }
    this.emit('sampling', this.sampling)
    return this.sampling
  }

  /**
   * Imports a CSV file already on disk (the server's streamed HTTP upload, or the desktop's picked
   * file). Not a contract command: a path never comes from a WebSocket client, only from the host.
   */
  importCsvFile(name: string, filePath: string, o: { move?: boolean; tz?: string | null } = {}): Promise<CommandResult<'importCsv'>> {
    return this.scanner.importCsvFile(name, filePath, o)
  }

  /** Applies settings to the running parts, without a restart. */
  private apply(s: Settings): void {
    this.sampler.setInterval(s.sampleIntervalMs)
    this.sampler.setGroups(s.processGroups)
    this.metrics.retention = s.retention
    this.scanner.setWorkers(s.workers)
    this.alerts.setAlertmanager(s.alertmanager)
    this.scanner.setWorkerIdle(s.workerIdleSec * 1000)
  }
}
