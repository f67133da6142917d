// Seeded random candle series for the FVG property tests (streaming = batch, segments = whole).
import { allocCandles, type Candles } from '../../../../shared/candles.ts'

/** xorshift32, seeded. */
export function xorshift(seed: number): () => number {
  let x = seed | 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

/**
 * Candles built from a handful of price levels, so equal edges, dojis and adjacent gaps are
 * everywhere; a slow drift so that gaps also stay open for a while; NaN cells and NaN candles.
 */
export function series(seed: number, n: number): Candles {
  const rand = xorshift(seed)
  const pick = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1))
  const c = allocCandles(n)
  let level = 50
  for (let k = 0; k < n; k++) {
    level += pick(-2, 2) + (rand() < 0.3 ? pick(-4, 4) : 0)
    const a = level + pick(-1, 1)
    const b = level + pick(-1, 1)
    const open = rand() < 0.5 ? a : b
    const close = rand() < 0.5 ? a : b
    let high = Math.max(a, b) + pick(0, 1)
    let low = Math.min(a, b) - pick(0, 1)
    if (rand() < 0.01) [high, low] = [low, high]
    c.time[k] = 1_600_000_000_000 + k * 900_000
    c.open[k] = rand() < 0.03 ? NaN : open / 4
    c.high[k] = rand() < 0.03 ? NaN : high / 4
    c.low[k] = rand() < 0.03 ? NaN : low / 4
    c.close[k] = rand() < 0.03 ? NaN : close / 4
    c.volume[k] = pick(0, 100)
    if (rand() < 0.01) c.open[k] = c.high[k] = c.low[k] = c.close[k] = NaN
  }
  return c
}
