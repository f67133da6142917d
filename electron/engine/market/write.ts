// Writing candles back out as the generic CSV format (timestamp in epoch ms, then OHLCV). Numbers
// are written with String(), the shortest text that Number() reads back as the same double, so a
// write → parseCsv round trip is exact. NaN becomes a blank cell.

import { fs } from '../builtins.ts'
import type { Candles } from '../../../shared/candles.ts'
const { closeSync, openSync, writeSync } = fs

export const CSV_HEADER = 'timestamp,open,high,low,close,volume'

const cell = (x: number): string => (x === x ? String(x) : '')

/** Rows [from, to) as CSV lines, each ending in '\n'. */
export function formatCandleRows(c: Candles, from = 0, to = c.time.length): string {
  let out = ''
  for (let i = from; i < to; i++) {
    out += `${cell(c.time[i])},${cell(c.open[i])},${cell(c.high[i])},${cell(c.low[i])},${cell(c.close[i])},${cell(c.volume[i])}\n`
  }
  return out
}

/** The whole series as CSV text with a header. */
export function formatCandlesCsv(c: Candles): string {
  return `${CSV_HEADER}\n${formatCandleRows(c)}`
}

/** Writes the series to `path` (header + one line per candle) in chunks; returns the bytes written. */
export function writeCandlesCsv(path: string, c: Candles): number {
  const fd = openSync(path, 'w')
  let bytes = 0
  try {
    bytes += writeSync(fd, `${CSV_HEADER}\n`)
    const n = c.time.length
    for (let i = 0; i < n; i += 50_000) bytes += writeSync(fd, formatCandleRows(c, i, Math.min(n, i + 50_000)))
  } finally {
    closeSync(fd)
  }
  return bytes
}
