// What a range query of one metric shares between MetricStore.query (one metric) and TierRead
// (many at once, the report's path), so the two cannot drift apart:
// - RawBucketArrays: per-bucket min, max, sum and count of raw values over a fixed number of buckets;
// - mergeUnwritten: the values not in the rollup tables yet, merged into a rollup tier's buckets:
//   closed hours' pending rollups (pending-rollups.ts), then the open hour's blocks (open-hour.ts).
import type { Bucket } from '../../../shared/contract.ts'
import { MINUTE, hourOf, type KeyedAggs, type OpenHour } from './open-hour.ts'
import type { PendingRollups } from './pending-rollups.ts'

/** Per-bucket aggregates of raw values; the arrays are public for a caller's own inlined loop. */
export class RawBucketArrays {
  readonly min: Float64Array
  readonly max: Float64Array
  readonly sum: Float64Array
  readonly n: Uint32Array

  constructor(count: number) {
    this.min = new Float64Array(count).fill(Infinity)
    this.max = new Float64Array(count).fill(-Infinity)
    this.sum = new Float64Array(count)
    this.n = new Uint32Array(count)
  }

  add(b: number, v: number): void {
    if (v < this.min[b]) this.min[b] = v
    if (v > this.max[b]) this.max[b] = v
    this.sum[b] += v
    this.n[b]++
  }

  /** [start, min, max, avg] of each bucket holding values, in time order. */
  buckets(from: number, bucketMs: number): Bucket[] {
    const out: Bucket[] = []
    for (let b = 0; b < this.n.length; b++) if (this.n[b] > 0) out.push([from + b * bucketMs, this.min[b], this.max[b], this.sum[b] / this.n[b]])
    return out
  }
}

/**
 * Adds metric `id`'s pending rollups at `resolutionMs` (a minute or an hour) and its open blocks
 * (each block's minute, or its hour) starting in [origin, to) to the buckets of `bucketMs` from origin.
 */
export function mergeUnwritten(
  aggs: KeyedAggs, src: { pending: PendingRollups; open: OpenHour }, id: number, resolutionMs: number, origin: number, to: number, bucketMs: number,
): void {
  src.pending.forEach(id, resolutionMs, origin, to, (t, [lo, hi, sum, count]) => aggs.add(Math.floor((t - origin) / bucketMs), lo, hi, sum, count))
  for (const block of src.open.blocksOf(id, origin, to)) {
    const unit = resolutionMs === MINUTE ? block.t0 : hourOf(block.t0)
    if (unit < origin || unit >= to) continue
    const a = block.aggregate()
    aggs.add(Math.floor((unit - origin) / bucketMs), a.min, a.max, a.sum, a.count)
  }
}
