// Many metrics read at once, for the report: one statement per tier for all of them, instead of one
// range query per metric (MetricStore.query), and period totals from the coarsest tier that is exact.
//
// - buckets(): the same buckets MetricStore.query returns for the same arguments (same tier, width and
//   aggregation, the open hour merged in), from one statement over the tier. Where a bucket is one
//   tier row (1-minute buckets of the 1-minute tier) the rows are read as they are, without a GROUP BY
//   and the sort it costs.
// - totals(): min, max, sum and count of each metric over a period, covering exactly the samples the
//   period's buckets cover (a rollup tier: its rows from the one holding `from` up to `to`; raw: the
//   samples in [from, to)). Whole hours come from the 1-hour tier, the minutes around them from the
//   1-minute tier and, on the raw tier, the samples of the two partial minutes at the ends from their
//   raw blocks: a minute's row is computed from its raw block (history-writer.ts) and an hour's from
//   its minutes (pending-rollups.ts), so the totals equal a walk over every sample at 1/60 (or 1/3600) of the rows.
import type { Statement } from 'better-sqlite3'
import type { Bucket, QueryResult, Tier } from '../../../shared/contract.ts'
import { BLOCK_MS, decodeOffsets, float64View, type TsEncoding } from './raw-block.ts'
import { KeyedAggs, HOUR, MINUTE, hourOf, minuteOf, type OpenHour } from './open-hour.ts'
import type { Agg, PendingRollups } from './pending-rollups.ts'
import { RawBucketArrays, mergeUnwritten } from './bucket-merge.ts'

export interface Totals {
  min: number
  max: number
  sum: number
  count: number
}

type ManySql = Record<'manyBuckets_1m' | 'manyBuckets_1h' | 'manyRows_1m' | 'manyRows_1h' | 'manyBlocks' | 'manyTotals', Statement>

export interface TierReadSource {
  sql: ManySql
  ids: ReadonlyMap<string, number>
  open: OpenHour
  /** Closed hours' rollups not yet written to the rollup tables (pending-rollups.ts): read beside them. */
  pending: PendingRollups
  /** The store's own choice of tier for a period starting at `from` (MetricStore's chooseTier). */
  tierOf: (from: number) => Tier
  /** The store's own bucket width (MetricStore's bucketWidth). */
  widthOf: (from: number, to: number, points: number, tier: Tier) => number
}

type RollupRow = [id: number, b: number, min: number, max: number, sum: number, count: number]
type BlockRow = [id: number, t0: number, n: number, ts: Buffer, vs: Buffer, enc: TsEncoding]

const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit
const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit

export class TierRead {
  private readonly src: TierReadSource

  constructor(src: TierReadSource) {
    this.src = src
  }

  /** The tier a period is read from (the finest whose retention reaches back to `from`). */
  tier(from: number): Tier {
    return this.src.tierOf(Math.floor(from))
  }

  /** Min/max/avg buckets of each metric over [from, to): equal to MetricStore.query's, in one pass. */
  buckets(metrics: readonly string[], from: number, to: number, points: number): QueryResult {
    from = Math.floor(from)
    to = Math.ceil(to)
    const tier = this.tier(from)
    const bucketMs = this.src.widthOf(from, to, points, tier)
    const known = this.known(metrics)
    const byId = tier === 'raw' ? this.rawBuckets(known, from, to, bucketMs) : this.rollupBuckets(tier, known, from, to, bucketMs)
    return { tier, bucketMs, series: metrics.map((metric) => ({ metric, buckets: byId.get(this.src.ids.get(metric) ?? -1) ?? [] })) }
  }

  /** Each metric's totals over the samples the period's buckets cover; a metric without any is absent. */
  totals(metrics: readonly string[], from: number, to: number): Map<string, Totals> {
    from = Math.floor(from)
    to = Math.ceil(to)
    const tier = this.tier(from)
    const known = this.known(metrics)
    const acc = new KeyedAggs() // by metric id
    const add = (id: number, min: number, max: number, sum: number, count: number) => acc.add(id, min, max, sum, count)
    const sample = (id: number) => (t: number, v: number) => {
      if (t >= from && t < to) add(id, v, v, v, 1)
    }
    if (known.length > 0) {
      const ids = JSON.stringify(known)
      // Minutes [m0, h0) and [h1, m1) from the 1-minute tier, hours [h0, h1) from the 1-hour tier.
      const rollups = (m0: number, h0: number, h1: number, m1: number) => {
        const rows = this.src.sql.manyTotals.raw(true).all({ ids, m0, h0, h1, m1 }) as Array<[number, number, number, number, number]>
        for (const [id, lo, hi, sum, count] of rows) add(id, lo, hi, sum, count)
        for (const id of known) {
          const pending = (_t: number, [lo, hi, sum, count]: Agg) => add(id, lo, hi, sum, count)
          this.src.pending.forEach(id, MINUTE, m0, h0, pending)
          this.src.pending.forEach(id, HOUR, h0, h1, pending)
          this.src.pending.forEach(id, MINUTE, h1, m1, pending)
        }
      }
      // The minutes starting in [m0, m1): whole hours inside from the 1-hour tier.
      const minutes = (m0: number, m1: number) => {
        const h0 = Math.min(ceilTo(m0, HOUR), m1)
        rollups(m0, h0, Math.max(h0, floorTo(m1, HOUR)), m1)
      }
      const rawMinute = (minute: number) => {
        const rows = this.src.sql.manyBlocks.raw(true).all({ ids, from: minute, to: minute + BLOCK_MS }) as BlockRow[]
        for (const [id, t0, n, ts, vs, enc] of rows) forEachValue(t0, n, ts, vs, enc, sample(id))
      }
      if (tier === '1h') {
        // The hours starting in [floorHour(from), to), as the 1-hour tier's buckets cover them.
        const h = floorTo(from, HOUR)
        const end = Math.max(h, ceilTo(to, HOUR))
        rollups(h, h, end, end)
        for (const id of known) for (const b of this.src.open.blocksOf(id, h, to)) if (hourOf(b.t0) >= h && hourOf(b.t0) < to) addAgg(add, id, b.aggregate())
      } else if (tier === '1m') {
        const m0 = floorTo(from, MINUTE)
        minutes(m0, to)
        for (const id of known) for (const b of this.src.open.blocksOf(id, m0, to)) if (b.t0 >= m0 && b.t0 < to) addAgg(add, id, b.aggregate())
      } else {
        // Raw: the whole minutes from the rollups, the samples of a partial first and last minute from raw.
        const a = ceilTo(from, MINUTE)
        const z = floorTo(to, MINUTE)
        if (a <= z) {
          minutes(a, z)
          if (from < a) rawMinute(minuteOf(from))
          if (z < to) rawMinute(z)
        } else rawMinute(minuteOf(from))
        for (const id of known) {
          for (const b of this.src.open.blocksOf(id, from, to)) {
            if (b.t0 >= from && b.t0 + BLOCK_MS <= to) addAgg(add, id, b.aggregate())
            else b.forEach(sample(id))
          }
        }
      }
    }
    const out = new Map<string, Totals>()
    for (const m of metrics) {
      const t = acc.get(this.src.ids.get(m) ?? -1)
      if (t !== undefined) out.set(m, t)
    }
    return out
  }

  private known(metrics: readonly string[]): number[] {
    return [...new Set(metrics.map((m) => this.src.ids.get(m)).filter((id): id is number => id !== undefined))]
  }

  /** As MetricStore's rollupBuckets, for every metric from one statement. */
  private rollupBuckets(tier: '1m' | '1h', ids: number[], from: number, to: number, bucketMs: number): Map<number, Bucket[]> {
    const resolution = tier === '1m' ? MINUTE : HOUR
    const origin = from - (from % resolution)
    const aggs = new Map<number, KeyedAggs>(ids.map((id) => [id, new KeyedAggs()]))
    if (ids.length > 0) {
      const name = bucketMs === resolution ? (tier === '1m' ? 'manyRows_1m' : 'manyRows_1h') : tier === '1m' ? 'manyBuckets_1m' : 'manyBuckets_1h'
      const rows = this.src.sql[name].raw(true).all({ ids: JSON.stringify(ids), origin, bucket: bucketMs, to }) as RollupRow[]
      for (const [id, b, lo, hi, sum, count] of rows) aggs.get(id)!.add(b, lo, hi, sum, count)
    }
    for (const id of ids) mergeUnwritten(aggs.get(id)!, this.src, id, resolution, origin, to, bucketMs)
    return new Map([...aggs].map(([id, a]) => [id, a.buckets(origin, bucketMs)]))
  }

  /** As MetricStore's rawBuckets, for every metric from one statement over the raw blocks. */
  private rawBuckets(ids: number[], from: number, to: number, bucketMs: number): Map<number, Bucket[]> {
    const count = Math.ceil((to - from) / bucketMs)
    const per = new Map<number, RawBucketArrays>(ids.map((id) => [id, new RawBucketArrays(count)]))
    const adder = (id: number) => {
      const a = per.get(id)!
      return (t: number, v: number) => {
        if (t >= from && t < to) a.add(Math.floor((t - from) / bucketMs), v)
      }
    }
    if (ids.length > 0) {
      const rows = this.src.sql.manyBlocks.raw(true).all({ ids: JSON.stringify(ids), from: from - (from % BLOCK_MS), to }) as BlockRow[]
      let id = -1
      let add = (_t: number, _v: number) => {}
      for (const [rowId, t0, n, ts, vs, enc] of rows) {
        if (rowId !== id) add = adder((id = rowId))
        forEachValue(t0, n, ts, vs, enc, add)
      }
    }
    for (const id of ids) {
      const add = adder(id)
      for (const block of this.src.open.blocksOf(id, from, to)) block.forEach(add)
    }
    return new Map([...per].map(([id, a]) => [id, a.buckets(from, bucketMs)]))
  }
}

function addAgg(add: (id: number, min: number, max: number, sum: number, count: number) => void, id: number, a: Totals): void {
  add(id, a.min, a.max, a.sum, a.count)
}

function forEachValue(t0: number, n: number, tsBlob: Buffer, vsBlob: Buffer, enc: TsEncoding, fn: (t: number, v: number) => void): void {
  const ts = decodeOffsets(tsBlob, n, enc)
  const vs = float64View(vsBlob, n)
  for (let k = 0; k < n; k++) fn(t0 + ts[k], vs[k])
}
