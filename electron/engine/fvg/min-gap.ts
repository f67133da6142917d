// Minimum-gap filters, applied to a gap found by rules.ts before any joining. Each test is a
// single comparison written exactly as below, so the batch kernel, the streaming detector and any
// reference implementation compute bit-identical results; NaN anywhere makes the test fail.
//
//   none:    every gap passes.
//   percent: ((top − bottom) / bottom) × 100 ≥ value.
//   atr:     top − bottom ≥ multiple × ATR, where ATR = (Σ TR[k] for k = i − period … i − 1, summed
//            in that order starting from 0) / period: the simple mean of the true range over the
//            `period` candles that end just before the middle candle i. TR[k] = max(high[k] − low[k],
//            |high[k] − close[k−1]|, |low[k] − close[k−1]|) for k ≥ 1 and high[0] − low[0] for k = 0.
//            Fewer than `period` candles before i (i < period): no gap. A NaN in any candle value the
//            window reads makes the ATR NaN: no gap.
//   auto:    (top − bottom) / bottom > mean, where mean = S / N over the candles k = 0 … i + 1 (up to
//            the confirming third, as LuxAlgo's running ta.cum), S = Σ (high[k] − low[k]) / low[k]
//            summed in index order starting from 0, skipping the candles whose term is NaN, and N the
//            number of terms summed. N = 0: no gap.

/** True range of a candle given the previous close. */
export function trueRange(high: number, low: number, prevClose: number): number {
  return Math.max(high - low, Math.abs(high - prevClose), Math.abs(low - prevClose))
}

/** Sum of TR[k] for k = end − period … end − 1 (requires end ≥ period), in index order. */
export function trueRangeSum(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  end: number,
  period: number,
): number {
  let sum = 0
  let k = end - period
  if (k === 0) {
    sum += high[0] - low[0]
    k = 1
  }
  for (; k < end; k++) sum += trueRange(high[k], low[k], close[k - 1])
  return sum
}

export function passesPercent(top: number, bottom: number, value: number): boolean {
  return ((top - bottom) / bottom) * 100 >= value
}

/** `trSum` from trueRangeSum over the `period` candles before the middle one. */
export function passesAtr(top: number, bottom: number, multiple: number, trSum: number, period: number): boolean {
  return top - bottom >= multiple * (trSum / period)
}

/** The term candle k adds to the auto running mean (NaN terms are skipped by the callers). */
export function autoTerm(high: number, low: number): number {
  return (high - low) / low
}

/** `sum` and `count` of the non-NaN auto terms of candles 0 … i + 1. */
export function passesAuto(top: number, bottom: number, sum: number, count: number): boolean {
  return count > 0 && (top - bottom) / bottom > sum / count
}
