// A metric over the report's period: its fine buckets (for the summary's figures) and the chart's
// coarser min–max–average buckets derived from them, so both come from one read of the store.
import type { Bucket } from '../../../shared/contract.ts'
import { percentile } from '../../../shared/format.ts'
import type { Stats } from '../../../shared/report.ts'

/** Fine buckets a summary reads per metric: 1 s buckets for a day at 1 Hz, coarser past that. */
export const FINE_POINTS = 100_000

export interface Series {
  metric: string
  bucketMs: number
  buckets: Bucket[]
}

const round = (v: number) => Number(v.toPrecision(12))

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

/** Coarser buckets of `chartMs` (a multiple of the fine width) from `from`: min, max, mean of averages. */
export function downsample(buckets: readonly Bucket[], from: number, chartMs: number): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = []
  let key = NaN
  let lo = Infinity
  let hi = -Infinity
  let sum = 0
  let n = 0
  const emit = () => {
    if (n > 0) out.push([from + key * chartMs, round(lo), round(hi), round(sum / n)])
  }
  for (const [t, bLo, bHi, avg] of buckets) {
    const k = Math.floor((t - from) / chartMs)
    if (k !== key) {
      emit()
      key = k
      lo = Infinity
      hi = -Infinity
      sum = 0
      n = 0
    }
    if (bLo < lo) lo = bLo
    if (bHi > hi) hi = bHi
    sum += avg
    n++
  }
  emit()
  return out
}

/** The chart's bucket width: about `points` buckets over the span, a whole multiple of the fine width. */
export function chartWidth(span: number, fineMs: number, points: number): number {
  return Math.max(fineMs, Math.ceil(Math.ceil(span / points) / fineMs) * fineMs)
}
