// Metric history in tiers like Netdata's dbengine: raw samples (~48 h) in one-minute blocks per
// metric, 1-minute and 1-hour rollups (min, max, sum, count).
//
// Gentle on the disk: rewriting the open block and rollup rows every second rewrote B-tree pages all
// over the file, more of them as history grew (~400 MB/h). Now the open hour lives in memory
// (open-hour.ts); each flush (once a second) only appends its samples to the raw log (raw-log.ts), and
// when the hour closes its blocks and rollups are written once, in one transaction, and the log is
// emptied. Rollups are computed from the stored raw values, so rewriting them is idempotent and they
// always equal raw. At start the log is replayed: a crash loses nothing that a flush acknowledged.
// The closed hours' rollups wait in memory (pending-rollups.ts) and are written in one batch every
// ROLLUP_BATCH_HOURS:
// one row per metric an hour into as many B-tree leaves made the bytes written per hour grow with
// history. Hours before store_mark.rollup_until have their rows; later ones are rebuilt from raw_block.
// A sample older than the open hour (the clock stepped back) is merged into SQLite at once.
// A failed write (disk full) keeps the buffer and is retried on the next flush.
import type { Statement } from 'better-sqlite3'
import type { Db } from './database.ts'
import type { QueryParams, QueryResult, Tier, Bucket } from '../../../shared/contract.ts'
import { BLOCK_MS, RawBlock, aggregateValues, decodeOffsets, float64View, type TsEncoding } from './raw-block.ts'
import { RawLog, type IdSample } from './raw-log.ts'
import { metricSql, type MetricSqlName } from './metric-sql.ts'
import { BucketAggs, OpenHour, HOUR, MINUTE, hourOf, minuteOf } from './open-hour.ts'
import { PendingRollups, type Agg } from './pending-rollups.ts'

/**
 * Closed hours whose rollups wait in memory before one batch writes them (at most half the raw
 * retention). Each batch touches a few pages per metric; longer batches write less but hold more in
 * memory (~2 KB per metric-hour) and rebuild more from raw at start.
 */
export const ROLLUP_BATCH_HOURS = 6
const batchHours = (r: Retention) => Math.min(ROLLUP_BATCH_HOURS, Math.max(1, Math.floor(r.rawHours / 2)))
import { TierRead } from './tier-read.ts'
import { RawBucketArrays, mergeUnwritten } from './bucket-merge.ts'

export interface Retention {
  rawHours: number
  minuteDays: number
  hourDays: number
}

interface TierSpec {
  tier: Tier
  table: string
  resolutionMs: number
}
const TIERS: readonly TierSpec[] = [
  { tier: 'raw', table: 'raw_block', resolutionMs: 1 },
  { tier: '1m', table: 'rollup_1m', resolutionMs: MINUTE },
  { tier: '1h', table: 'rollup_1h', resolutionMs: HOUR },
]

/** How long each tier keeps its rows, in ms. */
export function retentionMs(r: Retention): Record<Tier, number> {
  return { raw: r.rawHours * HOUR, '1m': r.minuteDays * 24 * HOUR, '1h': r.hourDays * 24 * HOUR }
}

/** The finest tier whose retention reaches back to `from`. */
export function chooseTier(from: number, now: number, r: Retention): Tier {
  const keep = retentionMs(r)
  if (from >= now - keep.raw) return 'raw'
  if (from >= now - keep['1m']) return '1m'
  return '1h'
}

/** Bucket width for at most `points` buckets over [from, to), a whole multiple of the tier's resolution. */
export function bucketWidth(from: number, to: number, points: number, tier: Tier): number {
  const res = TIERS.find((s) => s.tier === tier)!.resolutionMs
  const span = Math.max(1, to - from)
  return Math.max(res, Math.ceil(Math.ceil(span / points) / res) * res)
}

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
  /** Where the open hour's raw log lives (default: `<database file>-rawlog`). */
  logFile?: string
  /** Another process writes this database (store/readonly.ts): the raw log is neither replayed nor touched. */
  readOnly?: boolean
}

type Statements = { [K in MetricSqlName]: Statement }

export class MetricStore {
  private readonly db: Db
  private readonly ids = new Map<string, number>()
  private buffer: Pending[] = []
  private readonly sql: Statements
  private readonly open = new OpenHour()
  private readonly pending = new PendingRollups()
  /** Hours before it have their rollup rows; from it on, they are pending. */
  private rollupUntil: number
  /** Set inside a write transaction that wrote the pending rollups: the new rollupUntil once it commits. */
  private batched: number | null = null
  /** null for an in-memory database: nothing to survive a crash for. */
  private readonly log: RawLog | null
  private readonly writeTx: (blocks: RawBlock[], closes: number | null, rollUpAll: boolean) => Array<[number, number, Agg]>
  private failing = false
  private closed = false
  retention: Retention
  private readonly options: MetricStoreOptions

  constructor(db: Db, options: MetricStoreOptions) {
    this.db = db
    this.options = options
    this.retention = options.retention
    this.sql = Object.fromEntries(Object.entries(metricSql).map(([k, q]) => [k, db.prepare(q.sql)])) as Statements
    this.sql.queryRollup_1m.raw(true)
    this.sql.queryRollup_1h.raw(true)
    this.sql.queryRows_1m.raw(true)
    this.sql.queryRows_1h.raw(true)
    this.sql.readBlocks.raw(true)
    this.sql.readBlocksPacked.raw(true)
    this.reloadIds()
    this.writeTx = db.transaction((blocks: RawBlock[], closes: number | null, rollUpAll: boolean) => this.writeBlocks(blocks, closes, rollUpAll))
    const mark = this.sql.mark.get() as { raw_until: number; log_id: number; rollup_until: number }
    this.rollupUntil = mark.rollup_until
    this.loadPending()
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
        this.options.onError?.(`Could not save history (${(err as Error).message}); keeping samples in memory and retrying.`)
      }
      return false
    }
  }

  /**
   * Samples of the newest hour seen go to memory (and the log when `logIt`); the hour before it, if it
   * just closed, and any older sample are written to SQLite in one transaction.
   */
  private ingest(batch: IdSample[], logIt: boolean): void {
    let newest = this.open.hour ?? -Infinity
    let oldest = Infinity
    for (let i = 0; i < batch.length; i++) {
      const h = hourOf(batch[i].t)
      if (h > newest) newest = h
      if (h < oldest) oldest = h
    }
    const closes = this.open.hour !== null && newest > this.open.hour
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
      this.write([...blocks.values()], closes ? newest : null, false)
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

  /** Runs writeBlocks in one transaction; pending rollups change only once it committed. */
  private write(blocks: RawBlock[], closes: number | null, rollUpAll: boolean): void {
    this.batched = null
    let updates: Array<[number, number, Agg]>
    try {
      updates = this.writeTx(blocks, closes, rollUpAll)
    } catch (err) {
      this.batched = null
      throw err
    }
    if (this.batched !== null) {
      this.pending.clear()
      this.rollupUntil = this.batched
      this.batched = null
    }
    for (const [id, t0, agg] of updates) this.pending.set(id, t0, agg)
  }

  /**
   * Merges blocks into raw_block. A block of an hour before rollupUntil (or any, with `rollUpAll`) has
   * its minute's and hour's rollups recomputed from raw at once; a later one's minute rollup is
   * returned, to wait in memory for the next batch. When an hour closes the batch is written if due.
   */
  private writeBlocks(blocks: RawBlock[], closes: number | null, rollUpAll: boolean): Array<[number, number, Agg]> {
    // Retention first, in the same transaction: the raw pages it frees are refilled by this hour's
    // blocks and written once, instead of once when freed and again when reused an hour later.
    if (closes !== null) this.expire(Math.min(closes, this.options.now?.() ?? Date.now()))
    const hours = new Map<string, { id: number; hour: number }>()
    const updates: Array<[number, number, Agg]> = []
    for (const block of blocks) {
      const row = this.sql.readBlock.get(block.id, block.t0) as { n: number; ts: Buffer; vs: Buffer; enc: TsEncoding } | undefined
      let merged = block
      if (row) {
        merged = RawBlock.decode(block.id, block.t0, row.n, row.ts, row.vs, row.enc)
        block.forEach((t, v) => merged.put(t, v))
      }
      const { ts, vs, enc } = merged.encode()
      this.sql.writeBlock.run(merged.id, merged.t0, merged.n, ts, vs, enc)
      const a = merged.aggregate()
      const hour = hourOf(merged.t0)
      if (!rollUpAll && hour >= this.rolledUntil()) {
        updates.push([merged.id, merged.t0, [a.min, a.max, a.sum, a.count]])
        continue
      }
      this.sql.writeMinute.run(merged.id, merged.t0, a.min, a.max, a.sum, a.count)
      hours.set(`${merged.id}:${hour}`, { id: merged.id, hour })
    }
    for (const h of hours.values()) this.sql.writeHour.run(h)
    if (closes !== null) this.sql.setMark.run(closes)
    // The batch: due once the pending hours span ROLLUP_BATCH_HOURS (or half the raw retention), or at shutdown.
    const oldest = updates.reduce((m, [, t0]) => Math.min(m, hourOf(t0)), this.rolledUntil())
    const due = closes !== null && closes - oldest >= batchHours(this.retention) * HOUR
    if (rollUpAll || (due && (!this.pending.empty || updates.length > 0))) {
      for (const [id, t0, agg] of updates) this.pending.set(id, t0, agg)
      updates.length = 0
      // Every block written here has its rollups now: the mark moves past the newest.
      this.writePending(blocks.reduce((m, b) => Math.max(m, hourOf(b.t0) + HOUR), -Infinity))
    }
    return updates
  }

  /**
   * Writes every pending rollup, metric by metric, and moves rollup_until past them (and at least to
   * `until`); the caller's transaction commits them, then `write` or `applyRetention` clears them.
   */
  private writePending(until = -Infinity): void {
    const { minutes, hours } = this.pending.rows()
    for (const { id, t, agg } of minutes) this.sql.writeMinute.run(id, t, ...agg)
    for (const { id, t, agg } of hours) this.sql.writeHourRow.run(id, t, ...agg)
    const mark = Math.max(this.rolledUntil(), until, (this.pending.newestHour() ?? -Infinity) + HOUR)
    this.sql.setRollupMark.run(mark)
    this.batched = mark
  }

  /** rollup_until as the current transaction left it (a batch inside it moved it). */
  private rolledUntil(): number {
    return this.batched ?? this.rollupUntil
  }

  /** Rebuilds the pending rollups from the raw blocks of hours at or after rollupUntil. */
  private loadPending(): void {
    for (const id of this.ids.values()) {
      const rows = this.sql.readBlocks.all(id, this.rollupUntil, Number.MAX_SAFE_INTEGER) as Array<[number, number, Buffer, Buffer, TsEncoding]>
      for (const [t0, n, , vsBlob] of rows) {
        const { min, max, sum } = aggregateValues(float64View(vsBlob, n), n)
        if (n > 0) this.pending.set(id, t0, [min, max, sum, n])
      }
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
      if (this.open.size > 0 || !this.pending.empty) this.write([...this.open.all()], null, true)
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

  metricNames(): string[] {
    return [...this.ids.keys()].sort()
  }

  /** Min/max/avg buckets over [from, to) for each metric, from the finest tier that covers the range. */
  query(params: QueryParams, now = this.options.now?.() ?? Date.now()): QueryResult {
    const from = Math.floor(params.from)
    const to = Math.ceil(params.to)
    const tier = chooseTier(from, now, this.retention)
    const bucketMs = bucketWidth(from, to, params.points, tier)
    const series = params.metrics.map((metric) => {
      const id = this.ids.get(metric)
      if (id === undefined) return { metric, buckets: [] as Bucket[] }
      return { metric, buckets: tier === 'raw' ? this.rawBuckets(id, from, to, bucketMs) : this.rollupBuckets(tier, id, from, to, bucketMs) }
    })
    return { tier, bucketMs, series }
  }

  /** Reads many metrics in one statement per tier, and period totals (store/tier-read.ts): the report's path. */
  tierRead(now = this.options.now?.() ?? Date.now()): TierRead {
    return new TierRead({ sql: this.sql, ids: this.ids, open: this.open, pending: this.pending, tierOf: (from) => chooseTier(from, now, this.retention), widthOf: bucketWidth })
  }

  /** Buckets raw values in one pass over the stored and open blocks (SQLite hands over ~1 row a minute). */
  private rawBuckets(id: number, from: number, to: number, bucketMs: number): Bucket[] {
    const count = Math.ceil((to - from) / bucketMs)
    const acc = new RawBucketArrays(count)
    const { min, max, sum, n } = acc
    const add = (t: number, v: number) => {
      if (t >= from && t < to) acc.add(Math.floor((t - from) / bucketMs), v)
    }
    const rows = this.sql.readBlocksPacked.all(id, from - (from % BLOCK_MS), to) as Array<[number, number, TsEncoding, Buffer]>
    // The hot loop of a 24 h query (86,400 values): one offsets buffer for every block, the bucket
    // index inline.
    let offsets = new Int32Array(256)
    for (const [t0, len, enc, packed] of rows) {
      if (offsets.length < len) offsets = new Int32Array(len * 2)
      const ts = decodeOffsets(packed.subarray(len * 8), len, enc, offsets)
      const vs = float64View(packed, len)
      const base = t0 - from
      for (let k = 0; k < len; k++) {
        const dt = base + ts[k]
        if (dt < 0 || t0 + ts[k] >= to) continue
        const b = Math.floor(dt / bucketMs)
        const v = vs[k]
        if (v < min[b]) min[b] = v
        if (v > max[b]) max[b] = v
        sum[b] += v
        n[b]++
      }
    }
    for (const block of this.open.blocksOf(id, from, to)) block.forEach(add)
    return acc.buckets(from, bucketMs)
  }

  /** Stored rollup rows merged with the pending ones and the open hour's minutes (or the open hour itself). */
  private rollupBuckets(tier: Tier, id: number, from: number, to: number, bucketMs: number): Bucket[] {
    const spec = TIERS.find((s) => s.tier === tier)!
    // Buckets start on the tier's grid so a rollup row never straddles two buckets. better-sqlite3
    // binds numbers as REAL: the CASTs keep the bucket division integral.
    const origin = from - (from % spec.resolutionMs)
    const aggs = new BucketAggs()
    const oneRow = bucketMs === spec.resolutionMs // e.g. the cost analysis' 1-minute buckets: read the rows as they are
    const rows = this.sql[tier === '1m' ? (oneRow ? 'queryRows_1m' : 'queryRollup_1m') : oneRow ? 'queryRows_1h' : 'queryRollup_1h'].all({ origin, bucket: bucketMs, id, to }) as Array<
      [number, number, number, number, number]
    >
    for (const [b, lo, hi, sum, count] of rows) aggs.add(b, lo, hi, sum, count)
    mergeUnwritten(aggs, { pending: this.pending, open: this.open }, id, spec.resolutionMs, origin, to, bucketMs)
    return aggs.buckets(origin, bucketMs)
  }

  /** Deletes what each tier keeps no longer. Returns the rows (raw: blocks) removed per tier. */
  applyRetention(now = this.options.now?.() ?? Date.now()): Record<Tier, number> {
    this.batched = null
    const removed = this.db.transaction(() => this.expire(now))()
    if (this.batched !== null) {
      this.pending.clear()
      this.rollupUntil = this.batched
      this.batched = null
    }
    return removed
  }

  private expire(now: number): Record<Tier, number> {
    const keep = retentionMs(this.retention)
    const removed = { raw: 0, '1m': 0, '1h': 0 }
    // Pending rollups are rebuilt from raw after a crash: write them before their raw blocks go.
    if (!this.pending.empty && this.rolledUntil() <= now - keep.raw) this.writePending()
    for (const id of this.ids.values()) {
      // A raw block goes once its whole minute is past the horizon.
      removed.raw += this.sql.expireRaw.run(id, now - keep.raw - BLOCK_MS).changes
      removed['1m'] += this.sql.expire_1m.run(id, now - keep['1m']).changes
      removed['1h'] += this.sql.expire_1h.run(id, now - keep['1h']).changes
    }
    return removed
  }
}
