// Mitigation: the first candle j ≥ i + 2 (i = the middle candle, whatever the label; for a joined
// zone, the last middle candle of the run) whose price reaches the zone's level, inclusive:
//   touch (default, smartmoneyconcepts): bullish low[j] ≤ top,      bearish high[j] ≥ bottom
//   full-wick:                           bullish low[j] ≤ bottom,   bearish high[j] ≥ top
//   full-close:                          bullish close[j] ≤ bottom, bearish close[j] ≥ top
//   half:                                bullish low[j] ≤ (top + bottom) / 2, bearish high[j] ≥ (top + bottom) / 2
// A candle whose price is NaN is skipped (the comparison is false). A zone never reached is not
// mitigated (null in FvgZone, −1 in the typed result). A NaN level (only possible from infinite
// inputs) is never reached.
//
// Sweeping j forward, the zones waiting for mitigation sit in two queues keyed by their level
// (ZoneQueue in heap.ts): bullish zones keyed by the level, emptied of every key ≥ the candle's
// price; bearish zones keyed by the negated level, emptied of every key ≥ −price, i.e. level ≤ price.
// Negation is exact, so this is the same comparison. Every zone is queued once and removed at most
// once, O(log F) each at worst: O(n + F log F) for F zones, never a rescan of the series.
import { MIT_FULL_CLOSE, MIT_FULL_WICK, MIT_HALF } from './options.ts'

/** The price level a candle must reach to mitigate a zone under the given rule. */
export function mitigationLevel(rule: number, direction: number, top: number, bottom: number): number {
  if (rule === MIT_HALF) return (top + bottom) / 2
  if (rule === MIT_FULL_WICK || rule === MIT_FULL_CLOSE) return direction > 0 ? bottom : top
  return direction > 0 ? top : bottom
}

/** Whether the rule compares closes (full-close) rather than wicks (low for bullish, high for bearish). */
export function mitigatesOnClose(rule: number): boolean {
  return rule === MIT_FULL_CLOSE
}
