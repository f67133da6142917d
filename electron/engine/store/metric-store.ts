// Metric history in tiers like Netdata's dbengine: raw samples (~48 h) in one-minute blocks per
// metric, 1-minute and 1-hour rollups (min, max, sum, count). This file takes samples in and makes
// them durable; the other parts are named by what they do:
// - tiers.ts: which tier a range query reads, at what bucket width, and how long each tier keeps;
// - history-writer.ts: every write to SQLite (a closed hour's blocks, rollups in batches, retention);
// - range-query.ts: one metric's buckets, stored rows merged with what is not in SQLite yet;
// - tier-read.ts: many metrics at once (the report's path).
//
// Gentle on the disk: rewriting the open block and rollup rows every second rewrote B-tree pages all
// over the file, more of them as history grew (~400 MB/h). Now the open hour lives in memory
// (open-hour.ts); each flush (once a second) only appends its samples to the raw log (raw-log.ts), and
// when the hour closes its blocks and rollups are written once, in one transaction, and the log is
// emptied. At start the log is replayed: a crash loses nothing that a flush acknowledged.
// A sample older than the open hour (the clock stepped back) is merged into SQLite at once; a whole
// flush before it closes the open hour and opens the flush's (the engine's clock adopted a step back).
// A failed write (disk full) keeps the buffer and is retried on the next flush.
import type { Db } from './database.ts'
import type { QueryParams, QueryResult, Bucket, Tier } from '../../../shared/contract.ts'
import { RawBlock } from './raw-block.ts'
import { RawLog, type IdSample } from './raw-log.ts'
import { metricSql, type MetricStatements } from './metric-sql.ts'
import { OpenHour, hourOf, minuteOf } from './open-hour.ts'
import { TierRead } from './tier-read.ts'
import { HistoryWriter } from './history-writer.ts'
import { rawBuckets, rollupBuckets } from './range-query.ts'
import { bucketWidth, chooseTier, type Retention } from './tiers.ts'
import { describeWriteError } from './write-health.ts'

interface Pending {
  t: number
  values: ReadonlyArray<readonly [string, number]>
}

export interface MetricStoreOptions {
  retention: Retention
  /** Called when a write fails; the samples stay buffered and are retried. */
  onError?: (message: string) => void
  /** Called when the raw log had to be cut short or was another database's. */
  onWarning?: (message: string) => void
  /** The most samples kept in memory while writes fail (then the oldest are dropped). */
  maxBuffered?: number
  now?: () => number
  /** Time elapsed since boot, ms (default os.uptime()): retention's horizon moves no faster (history-writer.ts). */
  elapsed?: () => number
  /** Where the open hour's raw log lives (default: `<database file>-rawlog`). */
  logFile?: string
  /** Another process writes this database (store/readonly.ts): the raw log is neither replayed nor touched. */
  readOnly?: boolean
}

export class MetricStore {
  private readonly db: Db
  private readonly ids = new Map<string, number>()
  private buffer: Pending[] = []
  private readonly sql: MetricStatements
  private readonly open = new OpenHour()
  /** Closed hours and late samples go to SQLite through it; it holds the rollups waiting for their batch. */
  private readonly writer: HistoryWriter
  /** null for an in-memory database: nothing to survive a crash for. */
  private readonly log: RawLog | null
  private failing = false
  private closed = false
  retention: Retention
  private readonly options: MetricStoreOptions

  constructor(db: Db, options: MetricStoreOptions) {
    this.db = db
    this.options = options
    this.retention = options.retention
    this.sql = Object.fromEntries(Object.entries(metricSql).map(([k, q]) => [k, db.prepare(q.sql)])) as MetricStatements
    this.sql.queryRollup_1m.raw(true)
    this.sql.queryRollup_1h.raw(true)
    this.sql.queryRows_1m.raw(true)
    this.sql.queryRows_1h.raw(true)
    this.sql.readBlocks.raw(true)
    this.sql.readBlocksPacked.raw(true)
    this.reloadIds()
    const mark = this.sql.mark.get() as { raw_until: number; log_id: number; rollup_until: number }
    this.writer = new HistoryWriter({
      db, sql: this.sql, ids: this.ids, rollupUntil: mark.rollup_until, retention: () => this.retention, now: () => options.now?.() ?? Date.now(), elapsed: options.elapsed,
    })
    this.log = db.memory || options.readOnly === true ? null : new RawLog(options.logFile ?? `${db.name}-rawlog`, mark.log_id)
    if (this.log) this.recover(mark.raw_until)
  }

  /** Replays the raw log of an open hour a previous run did not close. */
  private recover(rawUntil: number): void {
    const log = this.log!
    const { records, discarded } = log.load()
    if (discarded === 'foreign') this.options.onWarning?.(`${log.file} belonged to another database and was emptied.`)
    if (discarded === 'torn') this.options.onWarning?.(`${log.file} ended in a torn record (a crash mid-write); it was cut there.`)
    const known = new Set(this.ids.values())
    const replay = records.filter((r) => r.t >= rawUntil).map((r) => ({ t: r.t, values: r.values.filter(([id]) => known.has(id)) }))
    if (replay.length === 0) return
    const before = this.open.hour
    try {
      this.ingest(replay, false)
    } catch (err) {
      // A full disk at start must not stop the engine: the replayed samples wait in the buffer like
      // any unsaved sample, and the next flush retries (the log keeps them meanwhile).
      const names = new Map([...this.ids].map(([name, id]) => [id, name]))
      this.buffer = replay.map((r) => ({ t: r.t, values: r.values.map(([id, v]) => [names.get(id)!, v] as const) }))
      this.failing = true
      this.options.onError?.(`Could not save the history replayed from ${log.file} (${(err as Error).message}); keeping it in memory and retrying.`)
      return
    }
    // An hour that closed during the replay is in SQLite now: keep only the open hour in the log.
    if (this.open.hour !== before && replay.some((r) => hourOf(r.t) !== this.open.hour)) {
      log.reset()
      log.append(replay.filter((r) => hourOf(r.t) === this.open.hour))
    }
  }

  /** Buffers one sample's values; nothing touches the disk until `flush`. */
  append(t: number, values: ReadonlyArray<readonly [string, number]>): void {
    if (this.closed) throw new Error('The metric store is closed.')
    const at = Math.round(t)
    const last = this.buffer.length > 0 ? this.buffer[this.buffer.length - 1] : undefined
    // More series of the same sample (the engine's own after the host's): one raw-log record, so the
    // next tick's record, with the same metrics, leaves out their ids.
    if (last !== undefined && last.t === at) last.values = last.values.concat(values)
    else this.buffer.push({ t: at, values })
    const max = this.options.maxBuffered ?? 3600
    if (this.buffer.length > max) {
      const dropped = this.buffer.length - max
      this.buffer.splice(0, dropped)
      this.options.onError?.(`History writes keep failing: dropped the ${dropped} oldest unsaved sample(s).`)
    }
  }

  get buffered(): number {
    return this.buffer.length
  }

  /** Bytes of the open hour's raw log on disk (0 without one), known without a stat. */
  get logBytes(): number {
    return this.log?.bytes ?? 0
  }

  /**
   * Makes everything buffered durable: appended to the raw log (and, when an hour closed, the hour
   * written to SQLite). Returns false (and keeps the buffer) on failure.
   */
  flush(): boolean {
    if (this.buffer.length === 0) return true
    const batch = this.buffer
    try {
      // New metrics get their ids in one transaction (a commit each would write ~16 KB each).
      const samples = this.resolveIds(batch)
      this.ingest(samples, true)
      this.buffer = this.buffer.slice(batch.length)
      if (this.failing) this.failing = false
      return true
    } catch (err) {
      // Every step is idempotent (a value replaces one at the same timestamp; rollups are recomputed
      // from raw), so the retry simply runs again. A rolled-back insert may have dropped new metric ids.
      this.reloadIds()
      if (!this.failing) {
        this.failing = true
        this.options.onError?.(`Could not save history (${describeWriteError(err)}); keeping samples in memory and retrying.`)
      }
      return false
    }
  }

  /**
   * Samples of the newest hour seen go to memory (and the log when `logIt`); the hour before it, if it
   * just closed, and any older sample are written to SQLite in one transaction.
   */
  private ingest(batch: IdSample[], logIt: boolean): void {
    let newest = -Infinity
    let oldest = Infinity
    for (let i = 0; i < batch.length; i++) {
      const h = hourOf(batch[i].t)
      if (h > newest) newest = h
      if (h < oldest) oldest = h
    }
    // The open hour ahead of now, and a whole batch before it: the clock was set back (a correction
    // the engine's SteadyClock adopted after the wall clock had run ahead). The open hour closes into
    // SQLite and the batch's hour opens, so the samples after it are appended to the log again, not
    // each flush written to SQLite as late samples until real time reaches the hour that was ahead.
    // (A late sample with the open hour current, an import of older rows, is merged as before.)
    const back = this.open.hour !== null && newest < this.open.hour && this.open.hour > this.now()
    if (!back) newest = Math.max(newest, this.open.hour ?? -Infinity)
    const closes = this.open.hour !== null && newest !== this.open.hour
    const late = oldest < newest ? batch.filter((s) => hourOf(s.t) < newest) : []
    if (closes || late.length > 0) {
      // Blocks to write: the closing hour's, with late values merged in (new blocks, so a failed
      // transaction leaves the open hour untouched).
      const blocks = new Map<string, RawBlock>()
      const blockOf = (id: number, minute: number) => {
        const key = `${id}:${minute}`
        let b = blocks.get(key)
        if (b === undefined) blocks.set(key, (b = new RawBlock(id, minute)))
        return b
      }
      if (closes) for (const open of this.open.all()) open.forEach((t, v) => blockOf(open.id, open.t0).put(t, v))
      for (const s of late) for (const [id, v] of s.values) blockOf(id, minuteOf(s.t)).put(s.t, v)
      this.writer.write([...blocks.values()], closes ? newest : null, false)
    }
    if (closes) {
      this.open.clear()
      this.log?.reset()
    }
    this.open.hour = newest
    const current = late.length > 0 ? batch.filter((s) => hourOf(s.t) === newest) : batch
    if (logIt) this.log?.append(current)
    for (let i = 0; i < current.length; i++) {
      const { t, values } = current[i]
      for (let k = 0; k < values.length; k++) this.open.put(values[k][0], t, values[k][1])
    }
  }

  /**
   * Writes the open hour to SQLite and empties the raw log, so the database file alone holds all
   * history (for a clean shutdown; a restart in the same hour merges into the stored blocks).
   */
  close(): void {
    if (this.closed) return
    this.flush()
    try {
      if (this.open.size > 0 || !this.writer.pending.empty) this.writer.write([...this.open.all()], null, true)
      this.open.clear()
      this.open.hour = null
      this.log?.reset()
    } catch (err) {
      // The raw log still holds the hour: the next start replays it.
      this.options.onError?.(`Could not write the open hour of history at shutdown (${(err as Error).message}); it will be replayed at the next start.`)
    }
    this.log?.close()
    this.closed = true
  }

  private readonly resolveIds = (batch: Pending[]): IdSample[] => {
    // One pass with indexed loops (every flush, mostly unoptimized: no iterators or destructuring);
    // a name without an id yet sends the whole batch through one transaction that inserts it.
    const out: IdSample[] = []
    for (let i = 0; i < batch.length; i++) {
      const src = batch[i].values
      const values: Array<readonly [number, number]> = []
      for (let k = 0; k < src.length; k++) {
        const id = this.ids.get(src[k][0])
        if (id === undefined) return this.db.transaction(() => batch.map((p) => ({ t: p.t, values: p.values.map(([name, v]) => [this.idOf(name), v] as const) })))()
        values.push([id, src[k][1]])
      }
      out.push({ t: batch[i].t, values })
    }
    return out
  }

  private idOf(name: string): number {
    let id = this.ids.get(name)
    if (id === undefined) {
      id = Number(this.sql.insertMetric.run(name).lastInsertRowid)
      this.ids.set(name, id)
    }
    return id
  }

  private reloadIds(): void {
    this.ids.clear()
    for (const row of this.sql.metricIds.all() as Array<{ id: number; name: string }>) this.ids.set(row.name, row.id)
  }

  private now(): number {
    return this.options.now?.() ?? Date.now()
  }

  metricNames(): string[] {
    return [...this.ids.keys()].sort()
  }

  /** Min/max/avg buckets over [from, to) for each metric, from the finest tier that covers the range. */
  query(params: QueryParams, now = this.options.now?.() ?? Date.now()): QueryResult {
    const from = Math.floor(params.from)
    const to = Math.ceil(params.to)
    const tier = chooseTier(from, now, this.retention)
    const bucketMs = bucketWidth(from, to, params.points, tier)
    const src = { sql: this.sql, open: this.open, pending: this.writer.pending }
    const series = params.metrics.map((metric) => {
      const id = this.ids.get(metric)
      if (id === undefined) return { metric, buckets: [] as Bucket[] }
      return { metric, buckets: tier === 'raw' ? rawBuckets(src, id, from, to, bucketMs) : rollupBuckets(src, tier, id, from, to, bucketMs) }
    })
    return { tier, bucketMs, series }
  }

  /** Reads many metrics in one statement per tier, and period totals (store/tier-read.ts): the report's path. */
  tierRead(now = this.options.now?.() ?? Date.now()): TierRead {
    return new TierRead({ sql: this.sql, ids: this.ids, open: this.open, pending: this.writer.pending, tierOf: (from) => chooseTier(from, now, this.retention), widthOf: bucketWidth })
  }

  /** Deletes what each tier keeps no longer. Returns the rows (raw: blocks) removed per tier. */
  applyRetention(now = this.options.now?.() ?? Date.now()): Record<Tier, number> {
    return this.writer.applyRetention(now)
  }
}
