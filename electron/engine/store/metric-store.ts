// Metric history in tiers like Netdata's dbengine: raw samples (~48 h) in one-minute blocks per
// metric, 1-minute and 1-hour rollups (min, max, sum, count). Samples are buffered and written once a
// second in one transaction (the open blocks rewritten, the rollups merged), so a crash never leaves
// the tiers out of step. A failed write (disk full) keeps the buffer and is retried on the next flush.
import type { Statement } from 'better-sqlite3'
import type { Db } from './database.ts'
import type { QueryParams, QueryResult, Tier, Bucket } from '../../../shared/contract.ts'
import { BLOCK_MS, RawBlock, float64View, int32View } from './raw-block.ts'

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
const MINUTE = 60_000
const HOUR = 3_600_000
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

interface Agg {
  id: number
  t: number
  min: number
  max: number
  sum: number
  count: number
}

/** Folds one value into the rollup map for a bucket: the rollup math, kept pure for testing. */
export function foldInto(map: Map<number, Agg>, id: number, bucketStart: number, width: number, v: number): void {
  const key = (bucketStart / width) * 1_000_003 + id
  const a = map.get(key)
  if (a === undefined) map.set(key, { id, t: bucketStart, min: v, max: v, sum: v, count: 1 })
  else {
    if (v < a.min) a.min = v
    if (v > a.max) a.max = v
    a.sum += v
    a.count++
  }
}

interface Pending {
  t: number
  values: ReadonlyArray<readonly [string, number]>
}

export interface MetricStoreOptions {
  retention: Retention
  /** Called when a write fails; the samples stay buffered and are retried. */
  onError?: (message: string) => void
  /** The most samples kept in memory while writes fail (then the oldest are dropped). */
  maxBuffered?: number
  now?: () => number
}

export class MetricStore {
  private readonly db: Db
  private readonly ids = new Map<string, number>()
  private buffer: Pending[] = []
  private readonly insertMetric: Statement
  private readonly writeBlock: Statement
  private readonly readBlock: Statement
  private readonly readBlocks: Statement
  /** The current minute's block of each metric. */
  private readonly open = new Map<number, RawBlock>()
  private readonly upsert: Record<'1m' | '1h', Statement>
  private readonly writeBatch: (batch: Pending[]) => void
  private failing = false
  retention: Retention
  private readonly options: MetricStoreOptions

  constructor(db: Db, options: MetricStoreOptions) {
    this.db = db
    this.options = options
    this.retention = options.retention
    for (const row of db.prepare('SELECT id, name FROM metric').all() as Array<{ id: number; name: string }>) {
      this.ids.set(row.name, row.id)
    }
    this.insertMetric = db.prepare('INSERT INTO metric (name) VALUES (?)')
    this.writeBlock = db.prepare(
      `INSERT INTO raw_block (metric_id, t0, n, ts, vs) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (metric_id, t0) DO UPDATE SET n = excluded.n, ts = excluded.ts, vs = excluded.vs`,
    )
    this.readBlock = db.prepare('SELECT n, ts, vs FROM raw_block WHERE metric_id = ? AND t0 = ?')
    this.readBlocks = db.prepare('SELECT t0, n, ts, vs FROM raw_block WHERE metric_id = ? AND t0 >= ? AND t0 < ?').raw(true)
    const upsertSql = (table: string) =>
      `INSERT INTO ${table} (metric_id, t, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (metric_id, t) DO UPDATE SET min = min(min, excluded.min), max = max(max, excluded.max),
       sum = sum + excluded.sum, count = count + excluded.count`
    this.upsert = { '1m': db.prepare(upsertSql('rollup_1m')), '1h': db.prepare(upsertSql('rollup_1h')) }
    this.writeBatch = db.transaction((batch: Pending[]) => this.write(batch))
  }

  /** Buffers one sample's values; nothing touches the disk until `flush`. */
  append(t: number, values: ReadonlyArray<readonly [string, number]>): void {
    this.buffer.push({ t: Math.round(t), values })
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

  /** Writes everything buffered in one transaction. Returns false (and keeps the buffer) on failure. */
  flush(): boolean {
    if (this.buffer.length === 0) return true
    const batch = this.buffer
    try {
      this.writeBatch(batch)
      this.buffer = this.buffer.slice(batch.length)
      if (this.failing) this.failing = false
      return true
    } catch (err) {
      // The transaction rolled back: new metric ids it inserted are gone, and the open blocks are
      // reloaded from disk (the retry puts the same values again).
      this.reloadIds()
      this.open.clear()
      if (!this.failing) {
        this.failing = true
        this.options.onError?.(`Could not save history (${(err as Error).message}); keeping samples in memory and retrying.`)
      }
      return false
    }
  }

  private write(batch: Pending[]): void {
    const minutes = new Map<number, Agg>()
    const hours = new Map<number, Agg>()
    for (const { t, values } of batch) {
      const minute = t - (t % MINUTE)
      const hour = t - (t % HOUR)
      for (const [name, v] of values) {
        const id = this.idOf(name)
        this.blockFor(id, minute).put(t, v)
        foldInto(minutes, id, minute, MINUTE, v)
        foldInto(hours, id, hour, HOUR, v)
      }
    }
    for (const block of this.open.values()) {
      if (!block.dirty) continue
      const { ts, vs } = block.encode()
      this.writeBlock.run(block.id, block.t0, block.n, ts, vs)
      block.dirty = false
    }
    for (const a of minutes.values()) this.upsert['1m'].run(a.id, a.t, a.min, a.max, a.sum, a.count)
    for (const a of hours.values()) this.upsert['1h'].run(a.id, a.t, a.min, a.max, a.sum, a.count)
  }

  /** The open block of a metric for a minute; a block already stored (a restart mid-minute) is reloaded. */
  private blockFor(id: number, minute: number): RawBlock {
    let block = this.open.get(id)
    if (block?.t0 === minute) return block
    if (block?.dirty) {
      const { ts, vs } = block.encode()
      this.writeBlock.run(block.id, block.t0, block.n, ts, vs)
    }
    const row = this.readBlock.get(id, minute) as { n: number; ts: Buffer; vs: Buffer } | undefined
    block = row ? RawBlock.decode(id, minute, row.n, row.ts, row.vs) : new RawBlock(id, minute)
    this.open.set(id, block)
    return block
  }

  private idOf(name: string): number {
    let id = this.ids.get(name)
    if (id === undefined) {
      id = Number(this.insertMetric.run(name).lastInsertRowid)
      this.ids.set(name, id)
    }
    return id
  }

  private reloadIds(): void {
    this.ids.clear()
    for (const row of this.db.prepare('SELECT id, name FROM metric').all() as Array<{ id: number; name: string }>) {
      this.ids.set(row.name, row.id)
    }
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

  /** Buckets raw values in one pass over the blocks (SQLite only hands over ~1 row a minute). */
  private rawBuckets(id: number, from: number, to: number, bucketMs: number): Bucket[] {
    const count = Math.ceil((to - from) / bucketMs)
    const min = new Float64Array(count).fill(Infinity)
    const max = new Float64Array(count).fill(-Infinity)
    const sum = new Float64Array(count)
    const n = new Uint32Array(count)
    const rows = this.readBlocks.all(id, from - (from % BLOCK_MS), to) as Array<[number, number, Buffer, Buffer]>
    for (const [t0, len, tsBlob, vsBlob] of rows) {
      const ts = int32View(tsBlob, len)
      const vs = float64View(vsBlob, len)
      for (let k = 0; k < len; k++) {
        const t = t0 + ts[k]
        if (t < from || t >= to) continue
        const b = Math.floor((t - from) / bucketMs)
        const v = vs[k]
        if (v < min[b]) min[b] = v
        if (v > max[b]) max[b] = v
        sum[b] += v
        n[b]++
      }
    }
    const out: Bucket[] = []
    for (let b = 0; b < count; b++) if (n[b] > 0) out.push([from + b * bucketMs, min[b], max[b], sum[b] / n[b]])
    return out
  }

  private rollupBuckets(tier: Tier, id: number, from: number, to: number, bucketMs: number): Bucket[] {
    const spec = TIERS.find((s) => s.tier === tier)!
    // Buckets start on the tier's grid so a rollup row never straddles two buckets. better-sqlite3
    // binds numbers as REAL: the CASTs keep the bucket division integral.
    const origin = from - (from % spec.resolutionMs)
    const rows = this.db
      .prepare(
        `SELECT (t - CAST(@origin AS INTEGER)) / CAST(@bucket AS INTEGER) AS b, min(min), max(max), sum(sum) / sum(count)
         FROM ${spec.table} WHERE metric_id = @id AND t >= @origin AND t < @to GROUP BY b ORDER BY b`,
      )
      .raw(true)
      .all({ origin, bucket: bucketMs, id, to }) as Array<[number, number, number, number]>
    return rows.map(([b, lo, hi, avg]): Bucket => [origin + b * bucketMs, lo, hi, avg])
  }

  /** Deletes what each tier keeps no longer. Returns the rows (raw: blocks) removed per tier. */
  applyRetention(now = this.options.now?.() ?? Date.now()): Record<Tier, number> {
    const keep = retentionMs(this.retention)
    const removed = { raw: 0, '1m': 0, '1h': 0 }
    // A raw block goes once its whole minute is past the horizon.
    removed.raw = this.db.prepare('DELETE FROM raw_block WHERE t0 + ? <= ?').run(BLOCK_MS, now - keep.raw).changes
    for (const spec of TIERS.slice(1)) {
      removed[spec.tier] = this.db.prepare(`DELETE FROM ${spec.table} WHERE t < ?`).run(now - keep[spec.tier]).changes
    }
    return removed
  }
}
