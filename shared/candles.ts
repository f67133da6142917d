// A candle series in columns (struct of arrays): what the CSV parser, the resampler and the
// generator produce and what the FVG kernel reads. A missing value (blank CSV cell) is NaN.

export interface Candles {
  /** Epoch ms UTC, strictly increasing. */
  time: Float64Array
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  /** NaN where the source had no volume column or a blank cell. */
  volume: Float64Array
}

/** Allocates a series of n candles (all NaN-free zeros). */
export function allocCandles(n: number): Candles {
  return {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  }
}

/** The first n candles of a series, as views (no copy). */
export function sliceCandles(c: Candles, n: number): Candles {
  return {
    time: c.time.subarray(0, n),
    open: c.open.subarray(0, n),
    high: c.high.subarray(0, n),
    low: c.low.subarray(0, n),
    close: c.close.subarray(0, n),
    volume: c.volume.subarray(0, n),
  }
}

export interface Candle {
  time: number
  open: number
  high: number
  low: number
  close: number
  volume: number
}
