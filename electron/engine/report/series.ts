// The figures of the report read from the history tiers: a metric's min, max and average over the
// period from its totals (store/tier-read.ts), and a percentile of its fine buckets.
import type { Bucket } from '../../../shared/contract.ts'
import { percentile } from '../../../shared/format.ts'
import type { Stats } from '../../../shared/report.ts'
import type { Totals } from '../store/tier-read.ts'

/**
 * Fine buckets of the CPU for its p95, which needs a distribution (totals cannot give one). The store
 * picks the finest tier that reaches back to the period's start and buckets of at most this many:
 * single samples on the raw tier (up to 48 h at 1 Hz), the 1-minute averages on the 1-minute tier (a
 * 7-day or 30-day report: one tier row a bucket, read without grouping), hourly beyond 30 days. The
 * 1-minute averages are exact enough for a p95 of utilisation (it is what the cost analysis sizes
 * from); the 1-hour tier is not: an hour's mean flattens its busy minutes, so a p95 of hourly means
 * understates the load (test/unit/engine/report/report-read.test.ts pins the difference).
 */
export const FINE_POINTS = 100_000

export const round = (v: number) => Number(v.toPrecision(12))

/** Min, max and mean of every sample in the period (the sum over the count, whatever the cadence). */
export function statsOfTotals(t: Totals | undefined): Stats {
  if (t === undefined || t.count === 0) return { min: null, max: null, avg: null }
  return { min: round(t.min), max: round(t.max), avg: round(t.sum / t.count) }
}

/** The p-th percentile of the bucket averages (nearest rank); null without data. */
export function percentileOf(buckets: readonly Bucket[], p: number): number | null {
  if (buckets.length === 0) return null
  return round(percentile(buckets.map((b) => b[3]), p))
}
