// The scanner's candles (the contract's shape: numbers, null for a blank cell) as the typed arrays
// the FVG filters read (NaN for a blank), for FVG alert rules with an ATR size.
import type { Candles } from '../../../shared/candles.ts'
import type { CandlesResult } from '../../../shared/scanner.ts'

const f64 = (a: ReadonlyArray<number | null>) => Float64Array.from(a, (v) => (v === null ? NaN : v))

/** The whole series when the result starts at its first candle; null otherwise (or on a read error). */
export function candlesOf(read: () => CandlesResult): Candles | null {
  let r: CandlesResult
  try {
    r = read()
  } catch {
    return null
  }
  if (r.offset !== 0) return null
  return { time: Float64Array.from(r.time), open: f64(r.open), high: f64(r.high), low: f64(r.low), close: f64(r.close), volume: new Float64Array(r.time.length).fill(NaN) }
}
