// Detection of a Fair Value Gap on three consecutive candles, and the joining of adjacent zones.
//
// Candles are indexed from 0. A gap is recorded on the middle candle i of three (1 ≤ i ≤ n − 2):
//   bullish (+1): high[i−1] < low[i+1]  and the middle-candle rule holds; top = low[i+1], bottom = high[i−1]
//   bearish (−1): low[i−1] > high[i+1]  and the middle-candle rule holds; top = low[i−1], bottom = high[i+1]
// Middle-candle rules:
//   body (default, smartmoneyconcepts): bullish close[i] > open[i], bearish close[i] < open[i]
//                                      (so a doji or a counter-direction body gives no gap)
//   close-beyond: bullish close[i] > high[i−1], bearish close[i] < low[i−1]
//   none:         no condition on the middle candle
// All comparisons are strict (equal edges: no gap) and a NaN makes every comparison that uses it
// false, so a NaN in any value a rule reads means no gap. top and bottom are exact copies of input
// values. The bullish test comes first: only if it fails is the bearish one tried. (On valid
// candles, low ≤ high, both gap tests can never hold at once; on inverted candles they can.)
// The minimum-gap filter (min-gap.ts) is applied to the direction found here; it never makes the
// other direction eligible.
import { MIDDLE_BODY, MIDDLE_CLOSE_BEYOND } from './options.ts'

/**
 * The direction of the gap on the middle of three candles: 1, −1, or 0 for none.
 * `h0, l0` are the first candle's high and low, `o1, c1` the middle's open and close, `h2, l2` the
 * third's high and low.
 */
export function gapDirection(
  middle: number,
  h0: number,
  l0: number,
  o1: number,
  c1: number,
  h2: number,
  l2: number,
): number {
  if (h0 < l2) {
    if (middle === MIDDLE_BODY ? c1 > o1 : middle === MIDDLE_CLOSE_BEYOND ? c1 > h0 : true) return 1
  }
  if (l0 > h2) {
    if (middle === MIDDLE_BODY ? c1 < o1 : middle === MIDDLE_CLOSE_BEYOND ? c1 < l0 : true) return -1
  }
  return 0
}

// Joining (joinConsecutive, off by default, as smartmoneyconcepts' join_consecutive): gaps of the
// same direction on adjacent middle candles merge into the last one, whose top becomes the highest
// top and whose bottom the lowest bottom; the earlier gaps disappear. A run of k adjacent
// same-direction gaps becomes one zone on the last. Opposite directions never merge, nor do gaps
// that are not adjacent (i and i + 2). Joining runs on the gaps that passed the minimum-gap filter.
// Ties keep the earlier value (Python's max/min), which only matters for +0 versus −0.

/** The higher of two tops, the earlier one on a tie. */
export function joinTop(earlier: number, later: number): number {
  return later > earlier ? later : earlier
}

/** The lower of two bottoms, the earlier one on a tie. */
export function joinBottom(earlier: number, later: number): number {
  return later < earlier ? later : earlier
}
