// A metric's buckets over the report's period, and the figures read from them: min of the minima,
// max of the maxima, mean of the averages, a percentile of the averages.
import type { Bucket } from '../../../shared/contract.ts'
import { percentile } from '../../../shared/format.ts'
import type { Stats } from '../../../shared/report.ts'

/** Fine buckets of the CPU for its p95: one sample a bucket for a day at 1 Hz, coarser past that. */
export const FINE_POINTS = 100_000

export interface Series {
  metric: string
  bucketMs: number
  buckets: Bucket[]
}

export const round = (v: number) => Number(v.toPrecision(12))

/** Min of the minima, max of the maxima, mean of the bucket averages (the sample mean at a steady cadence). */
export function statsOf(buckets: readonly Bucket[]): Stats {
  if (buckets.length === 0) return { min: null, max: null, avg: null }
  let min = Infinity
  let max = -Infinity
  let sum = 0
  for (const [, lo, hi, avg] of buckets) {
    if (lo < min) min = lo
    if (hi > max) max = hi
    sum += avg
  }
  return { min: round(min), max: round(max), avg: round(sum / buckets.length) }
}

/** The p-th percentile of the bucket averages (nearest rank); null without data. */
export function percentileOf(buckets: readonly Bucket[], p: number): number | null {
  if (buckets.length === 0) return null
  return round(percentile(buckets.map((b) => b[3]), p))
}
