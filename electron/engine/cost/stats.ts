// Summary statistics of a series: mean, percentiles and peak.
import type { Stats } from '../../../shared/cost.ts'

/**
 * The q-th percentile (0–100) of ascending `sorted`, interpolating linearly between the two closest
 * ranks (NumPy's default, Hyndman–Fan type 7): rank h = (n − 1) × q / 100. NaN when empty.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const h = ((n - 1) * q) / 100
  const lo = Math.floor(h)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/** The finite values of `values` × `scale`, ascending. */
export function sortedScaled(values: ArrayLike<number>, scale: number): Float64Array {
  const out = new Float64Array(values.length)
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (Number.isFinite(v)) out[n++] = v * scale
  }
  return out.subarray(0, n).sort()
}

/** The largest finite value × scale (NaN when none). */
export function peak(values: ArrayLike<number>, scale: number): number {
  let most = -Infinity
  for (let i = 0; i < values.length; i++) if (values[i] > most) most = values[i]
  return most === -Infinity ? NaN : most * scale
}

/** The mean of the finite values (NaN when none), without sorting. */
export function finiteMean(values: ArrayLike<number>): number {
  let sum = 0
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) continue
    sum += v
    n++
  }
  return n === 0 ? NaN : sum / n
}

export function mean(sorted: ArrayLike<number>): number {
  if (sorted.length === 0) return NaN
  let sum = 0
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]
  return sum / sorted.length
}

/**
 * Mean and percentiles of the per-point means (`sorted`), and the peak: the highest single value
 * (`peakValue`, from the points' maxima), never below the highest mean.
 */
export function statsOf(sorted: Float64Array, peakValue: number): Stats {
  if (sorted.length === 0) return { avg: 0, p50: 0, p95: 0, p99: 0, p995: 0, max: 0 }
  const top = sorted[sorted.length - 1]
  return {
    avg: mean(sorted),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    p995: percentile(sorted, 99.5),
    max: Number.isFinite(peakValue) ? Math.max(peakValue, top) : top,
  }
}

/** A histogram of ascending `sorted` in at most `maxBins` bins of a round width (1, 2, 2.5 or 5 × 10^k). */
export function histogram(sorted: Float64Array, maxBins = 40): { binWidth: number; counts: number[] } {
  if (sorted.length === 0) return { binWidth: 1, counts: [] }
  const top = sorted[sorted.length - 1]
  const raw = Math.max(top, 1e-9) / maxBins
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const binWidth = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((w) => w >= raw)!
  const bins = Math.min(maxBins, Math.floor(top / binWidth) + 1)
  const counts = new Array<number>(bins).fill(0)
  for (let i = 0; i < sorted.length; i++) counts[Math.min(bins - 1, Math.floor(sorted[i] / binWidth))]++
  return { binWidth, counts }
}
