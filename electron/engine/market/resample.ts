// Resampling a candle series to a higher timeframe.
//
// Buckets are aligned to UTC epoch boundaries: floor(time / tf) * tf. Every whole number of days
// therefore starts at UTC midnight, hours on the hour, and so on. Weekly timeframes (multiples of
// 7 days) start on Monday 00:00 UTC instead of the epoch's Thursday.
// Per bucket: open = first non-NaN open, high = max, low = min, close = last non-NaN close,
// volume = sum of non-NaN volumes; a field with no value in the whole bucket is NaN. The bucket's
// time is its start. Empty buckets (gaps in the input) produce no candle.

import type { Candles } from '../../../shared/candles.ts'
import { allocCandles, sliceCandles } from '../../../shared/candles.ts'
import { DAY_MS, TimeframeError, WEEK_MS, detectInterval, formatTimeframe } from './timeframe.ts'

/** Monday 1970-01-05 is 4 days after the epoch. */
const WEEK_OFFSET_MS = 4 * DAY_MS

/** Start of the bucket holding `time` for a timeframe (see the module comment for alignment). */
export function bucketStart(time: number, timeframeMs: number): number {
  const offset = timeframeMs % WEEK_MS === 0 ? WEEK_OFFSET_MS : 0
  return Math.floor((time - offset) / timeframeMs) * timeframeMs + offset
}

/**
 * Throws TimeframeError unless candles `baseMs` apart resample to `timeframeMs` (a whole multiple of
 * it); a NaN base (too few candles to tell) passes. `symbol`, when given, is named in the message.
 * The one check for the workers' and the charts' resampling and the scanner's check of a request
 * before any job is queued.
 */
export function checkResampleTarget(baseMs: number, timeframeMs: number, symbol?: string): void {
  if (baseMs === baseMs && (baseMs <= 0 || timeframeMs % baseMs !== 0)) {
    throw new TimeframeError(
      `cannot resample ${symbol ? `${symbol}'s ` : ''}${safeName(baseMs)} candles to ${formatTimeframe(timeframeMs)}: ` +
      `the target must be a whole multiple of ${safeName(baseMs)}`,
    )
  }
}

/**
 * Resamples `c` (the candles of `symbol`, named in an error) to `timeframeMs`. Throws TimeframeError
 * when the target is not a whole multiple of the series' base interval (its most common spacing, see
 * detectInterval). Returns a copy when the target equals the base interval.
 */
export function resample(c: Candles, timeframeMs: number, symbol?: string): Candles {
  if (!(timeframeMs > 0) || !Number.isSafeInteger(timeframeMs)) {
    throw new TimeframeError(`${timeframeMs} is not a positive whole number of milliseconds`)
  }
  const n = c.time.length
  checkResampleTarget(detectInterval(c.time), timeframeMs, symbol)
  const { time, open, high, low, close, volume } = c
  const out = allocCandles(n)
  let k = -1
  let bucket = NaN
  let o = NaN
  let h = NaN
  let l = NaN
  let cl = NaN
  let v = NaN
  const offset = timeframeMs % WEEK_MS === 0 ? WEEK_OFFSET_MS : 0
  for (let i = 0; i < n; i++) {
    const b = Math.floor((time[i] - offset) / timeframeMs) * timeframeMs + offset
    if (b !== bucket) {
      if (k >= 0) {
        out.open[k] = o
        out.high[k] = h
        out.low[k] = l
        out.close[k] = cl
        out.volume[k] = v
      }
      k++
      bucket = b
      out.time[k] = b
      o = h = l = cl = v = NaN
    }
    const oi = open[i]
    if (o !== o) o = oi
    const hi = high[i]
    if (hi > h || h !== h) h = hi
    const li = low[i]
    if (li < l || l !== l) l = li
    const ci = close[i]
    if (ci === ci) cl = ci
    const vi = volume[i]
    if (vi === vi) v = v === v ? v + vi : vi
  }
  if (k >= 0) {
    out.open[k] = o
    out.high[k] = h
    out.low[k] = l
    out.close[k] = cl
    out.volume[k] = v
  }
  const m = k + 1
  const fit = sliceCandles(out, m)
  // Copy out of the oversized buffers so the result does not pin n-sized memory.
  return {
    time: fit.time.slice(), open: fit.open.slice(), high: fit.high.slice(),
    low: fit.low.slice(), close: fit.close.slice(), volume: fit.volume.slice(),
  }
}

function safeName(ms: number): string {
  return ms > 0 && Number.isFinite(ms) ? formatTimeframe(ms) : `${ms} ms`
}
