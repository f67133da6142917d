// One metric's min/max/avg buckets over [from, to) from one tier (MetricStore.query): the stored rows
// merged with what is not in SQLite yet, the closed hours' pending rollups and the open hour.
// TierRead (tier-read.ts) reads many metrics at once with the same merge (bucket-merge.ts).
import type { Statement } from 'better-sqlite3'
import type { Bucket, Tier } from '../../../shared/contract.ts'
import { BLOCK_MS, decodeOffsets, float64View, type TsEncoding } from './raw-block.ts'
import { KeyedAggs, type OpenHour } from './open-hour.ts'
import type { PendingRollups } from './pending-rollups.ts'
import { RawBucketArrays, mergeUnwritten } from './bucket-merge.ts'
import { TIER_RESOLUTION_MS } from './tiers.ts'

export interface RangeSource {
  sql: Record<'readBlocksPacked' | 'queryRollup_1m' | 'queryRollup_1h' | 'queryRows_1m' | 'queryRows_1h', Statement>
  open: OpenHour
  pending: PendingRollups
}

/** Buckets raw values in one pass over the stored and open blocks (SQLite hands over ~1 row a minute). */
export function rawBuckets(src: RangeSource, id: number, from: number, to: number, bucketMs: number): Bucket[] {
  const count = Math.ceil((to - from) / bucketMs)
  const acc = new RawBucketArrays(count)
  const { min, max, sum, n } = acc
  const add = (t: number, v: number) => {
    if (t >= from && t < to) acc.add(Math.floor((t - from) / bucketMs), v)
  }
  const rows = src.sql.readBlocksPacked.all(id, from - (from % BLOCK_MS), to) as Array<[number, number, TsEncoding, Buffer]>
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
  for (const block of src.open.blocksOf(id, from, to)) block.forEach(add)
  return acc.buckets(from, bucketMs)
}

/** Stored rollup rows merged with the pending ones and the open hour's minutes (or the open hour itself). */
export function rollupBuckets(src: RangeSource, tier: Exclude<Tier, 'raw'>, id: number, from: number, to: number, bucketMs: number): Bucket[] {
  const resolutionMs = TIER_RESOLUTION_MS[tier]
  // Buckets start on the tier's grid so a rollup row never straddles two buckets. better-sqlite3
  // binds numbers as REAL: the CASTs keep the bucket division integral.
  const origin = from - (from % resolutionMs)
  const aggs = new KeyedAggs()
  const oneRow = bucketMs === resolutionMs // e.g. the cost analysis' 1-minute buckets: read the rows as they are
  const rows = src.sql[tier === '1m' ? (oneRow ? 'queryRows_1m' : 'queryRollup_1m') : oneRow ? 'queryRows_1h' : 'queryRollup_1h'].all({ origin, bucket: bucketMs, id, to }) as Array<
    [number, number, number, number, number]
  >
  for (const [b, lo, hi, sum, count] of rows) aggs.add(b, lo, hi, sum, count)
  mergeUnwritten(aggs, src, id, resolutionMs, origin, to, bucketMs)
  return aggs.buckets(origin, bucketMs)
}
