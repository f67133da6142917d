import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import type { Candles } from '../../../../shared/candles.ts'
import { bucketStart, resample } from '../../../../electron/engine/market/resample.ts'
import {
  TimeframeError, detectInterval, formatTimeframe, parseTimeframe,
} from '../../../../electron/engine/market/timeframe.ts'
import { importCsvFile } from '../../../../electron/engine/market/csv.ts'

const EURUSD = fileURLToPath(new URL('../../../../resources/data/eurusd_15m.csv', import.meta.url))
const T0 = Date.parse('2024-01-02T00:00:00Z')
const M = 60_000
const arr = (a: Float64Array): number[] => Array.from(a)

function candles(rows: [number, number, number, number, number, number][]): Candles {
  const col = (k: number): Float64Array => Float64Array.from(rows.map((r) => r[k]))
  return { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) }
}

describe('parseTimeframe / formatTimeframe', () => {
  it('parses the usual names and MetaTrader names', () => {
    expect(parseTimeframe('90s')).toBe(90_000)
    expect(parseTimeframe('1m')).toBe(60_000)
    expect(parseTimeframe('5m')).toBe(300_000)
    expect(parseTimeframe('15m')).toBe(900_000)
    expect(parseTimeframe('1h')).toBe(3_600_000)
    expect(parseTimeframe('4H')).toBe(14_400_000)
    expect(parseTimeframe('1d')).toBe(86_400_000)
    expect(parseTimeframe('1w')).toBe(604_800_000)
    expect(parseTimeframe('250ms')).toBe(250)
    expect(parseTimeframe('M15')).toBe(900_000)
    expect(parseTimeframe('H4')).toBe(14_400_000)
    expect(parseTimeframe('D1')).toBe(86_400_000)
    expect(parseTimeframe(' 30m ')).toBe(1_800_000)
  })

  it('refuses nonsense, zero and months', () => {
    for (const bad of ['', '15', 'm', '1M', '0m', '-5m', '1.5h', '1y', 'H']) {
      expect(() => parseTimeframe(bad), bad).toThrow(TimeframeError)
    }
  })

  it('names a timeframe in its largest whole unit', () => {
    expect(formatTimeframe(900_000)).toBe('15m')
    expect(formatTimeframe(3_600_000)).toBe('1h')
    expect(formatTimeframe(14_400_000)).toBe('4h')
    expect(formatTimeframe(86_400_000)).toBe('1d')
    expect(formatTimeframe(90_000)).toBe('90s')
    expect(formatTimeframe(5_400_000)).toBe('90m')
    expect(formatTimeframe(604_800_000)).toBe('1w')
    expect(formatTimeframe(1500)).toBe('1500ms')
    for (const s of ['90s', '5m', '15m', '1h', '4h', '1d', '1w']) expect(formatTimeframe(parseTimeframe(s))).toBe(s)
    expect(() => formatTimeframe(0)).toThrow(TimeframeError)
  })

  it('detects the base interval as the most common spacing', () => {
    expect(detectInterval(Float64Array.from([0, 15, 30, 45, 60, 1000, 1015]))).toBe(15)
    expect(detectInterval(Float64Array.from([0, 10, 30, 50, 60, 70, 90]))).toBe(10) // 10 ×3 vs 20 ×3: tie → smaller
    expect(detectInterval(Float64Array.from([5]))).toBeNaN()
  })
})

describe('resample', () => {
  it('aggregates a hand-computed example to 1h, skipping NaN', () => {
    const c = candles([
      [T0 + 0 * M, NaN, 1.2, 1.0, 1.1, 10],
      [T0 + 15 * M, 1.1, 1.3, 1.05, 1.25, NaN],
      [T0 + 30 * M, 1.25, 1.26, 0.9, 1.0, 5],
      [T0 + 45 * M, 1.0, NaN, NaN, NaN, 1],
      [T0 + 60 * M, 2.0, 2.5, 1.5, 2.2, 3],
      // 01:15 missing
      [T0 + 90 * M, 2.2, 2.4, 2.1, 2.3, 4],
      [T0 + 180 * M, NaN, NaN, NaN, NaN, NaN],
    ])
    const h = resample(c, parseTimeframe('1h'))
    expect(arr(h.time)).toEqual([T0, T0 + 60 * M, T0 + 180 * M])
    expect(arr(h.open)).toEqual([1.1, 2.0, NaN])
    expect(arr(h.high)).toEqual([1.3, 2.5, NaN])
    expect(arr(h.low)).toEqual([0.9, 1.5, NaN])
    expect(arr(h.close)).toEqual([1.0, 2.3, NaN])
    expect(arr(h.volume)).toEqual([16, 7, NaN])
  })

  it('aligns days to UTC midnight and weeks to Monday', () => {
    // 15m candles from Sunday 2024-01-07 22:00Z to Monday 02:00Z
    const rows: [number, number, number, number, number, number][] = []
    const start = Date.parse('2024-01-07T22:00:00Z')
    for (let i = 0; i <= 16; i++) rows.push([start + i * 15 * M, 1 + i, 1 + i + 0.5, 1 + i - 0.5, 1 + i + 0.25, 1])
    const d = resample(candles(rows), parseTimeframe('1d'))
    expect(arr(d.time)).toEqual([Date.parse('2024-01-07T00:00:00Z'), Date.parse('2024-01-08T00:00:00Z')])
    expect(arr(d.open)).toEqual([1, 9])
    expect(arr(d.close)).toEqual([8.25, 17.25])
    expect(arr(d.volume)).toEqual([8, 9])
    const w = resample(candles(rows), parseTimeframe('1w'))
    expect(arr(w.time)).toEqual([Date.parse('2024-01-01T00:00:00Z'), Date.parse('2024-01-08T00:00:00Z')])
    expect(bucketStart(Date.parse('2024-01-10T12:00:00Z'), parseTimeframe('1w'))).toBe(Date.parse('2024-01-08T00:00:00Z'))
    expect(bucketStart(Date.parse('2024-01-10T12:34:56Z'), parseTimeframe('4h'))).toBe(Date.parse('2024-01-10T12:00:00Z'))
  })

  it('refuses a target that is not a whole multiple of the base interval', () => {
    const c = candles([[T0, 1, 1, 1, 1, 1], [T0 + 15 * M, 1, 1, 1, 1, 1], [T0 + 30 * M, 1, 1, 1, 1, 1]])
    expect(() => resample(c, parseTimeframe('20m'))).toThrow('cannot resample 15m candles to 20m: the target must be a whole multiple of 15m')
    expect(() => resample(c, parseTimeframe('5m'))).toThrow(TimeframeError)
    expect(() => resample(c, parseTimeframe('20m'), 'EURUSD')).toThrow("cannot resample EURUSD's 15m candles to 20m: the target must be a whole multiple of 15m")
    expect(() => resample(c, 0)).toThrow(TimeframeError)
    expect(arr(resample(c, parseTimeframe('15m')).time)).toEqual(arr(c.time))
    expect(resample(candles([]), 3_600_000).time.length).toBe(0)
  })

  it('resamples the 15m EURUSD file to 1h: count, exact OHLC per hour, invariants', () => {
    const c = importCsvFile(EURUSD).candles
    const h = resample(c, parseTimeframe('1h'))
    // Independent reference: group by the ISO hour text.
    const groups = new Map<string, number[]>()
    for (let i = 0; i < c.time.length; i++) {
      const key = new Date(c.time[i]).toISOString().slice(0, 13)
      const g = groups.get(key)
      if (g) g.push(i)
      else groups.set(key, [i])
    }
    expect(h.time.length).toBe(groups.size)
    expect(h.time.length).toBeGreaterThan(6000)
    let k = 0
    for (const [key, idx] of groups) {
      expect(new Date(h.time[k]).toISOString().slice(0, 13)).toBe(key)
      expect(h.time[k] % 3_600_000).toBe(0)
      expect(h.open[k]).toBe(c.open[idx[0]])
      expect(h.close[k]).toBe(c.close[idx[idx.length - 1]])
      expect(h.high[k]).toBe(Math.max(...idx.map((i) => c.high[i])))
      expect(h.low[k]).toBe(Math.min(...idx.map((i) => c.low[i])))
      expect(h.volume[k]).toBe(idx.reduce((s, i) => s + c.volume[i], 0))
      expect(h.high[k]).toBeGreaterThanOrEqual(Math.max(h.open[k], h.close[k]))
      expect(h.low[k]).toBeLessThanOrEqual(Math.min(h.open[k], h.close[k]))
      k++
    }
    expect(detectInterval(h.time)).toBe(3_600_000)
    // 15m → 1h → 4h equals 15m → 4h
    const a = resample(h, parseTimeframe('4h'))
    const b = resample(c, parseTimeframe('4h'))
    for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(arr(a[f])).toEqual(arr(b[f]))
  })
})
