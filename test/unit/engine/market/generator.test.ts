import { describe, expect, it } from 'vitest'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Candles } from '../../../../shared/candles.ts'
import { BLOCK, createRng, generateCandleRange, generateCandles } from '../../../../electron/engine/market/generator.ts'
import { formatCandlesCsv, writeCandlesCsv } from '../../../../electron/engine/market/write.ts'
import { importCsvFile, parseCsv } from '../../../../electron/engine/market/csv.ts'
import { tempDir } from '../../../helpers/temp.ts'

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const

function sameCandles(a: Candles, b: Candles): boolean {
  return FIELDS.every((f) => a[f].length === b[f].length && a[f].every((x, i) => Object.is(x, b[f][i])))
}

describe('createRng', () => {
  it('is deterministic per seed and uniform-ish in [0, 1)', () => {
    const a = createRng(1)
    const b = createRng(1)
    const c = createRng(2)
    const xs = Array.from({ length: 10_000 }, () => a())
    expect(xs).toEqual(Array.from({ length: 10_000 }, () => b()))
    expect(xs.slice(0, 10)).not.toEqual(Array.from({ length: 10 }, () => c()))
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02)
  })
})

describe('generateCandles', () => {
  const opts = { seed: 42, count: 50_000, startTime: Date.UTC(2024, 0, 1), intervalMs: 900_000, startPrice: 1.0855 }

  it('is deterministic per seed', () => {
    expect(sameCandles(generateCandles(opts), generateCandles(opts))).toBe(true)
    expect(sameCandles(generateCandles(opts), generateCandles({ ...opts, seed: 43 }))).toBe(false)
  })

  it('keeps the OHLC invariants, positive prices and the time grid', () => {
    const c = generateCandles({ ...opts, annualVol: 3 }) // very volatile: stresses positivity
    const n = c.time.length
    expect(n).toBe(50_000)
    for (let i = 0; i < n; i++) {
      const ok = c.time[i] === opts.startTime + i * opts.intervalMs &&
        c.low[i] > 0 && c.high[i] >= Math.max(c.open[i], c.close[i]) && c.low[i] <= Math.min(c.open[i], c.close[i]) &&
        Number.isFinite(c.high[i]) && c.volume[i] >= 0 && Number.isInteger(c.volume[i])
      if (!ok) expect({ i, t: c.time[i], o: c.open[i], h: c.high[i], l: c.low[i], c: c.close[i], v: c.volume[i] }).toBe('valid')
    }
  })

  it('has some exact dojis, occasional opening gaps and volatility clustering', () => {
    const c = generateCandles(opts)
    const n = c.time.length
    let dojis = 0
    let gaps = 0
    const absRet: number[] = []
    for (let i = 1; i < n; i++) {
      if (c.close[i] === c.open[i]) dojis++
      if (c.open[i] !== c.close[i - 1]) gaps++
      absRet.push(Math.abs(Math.log(c.close[i] / c.close[i - 1])))
    }
    expect(dojis / n).toBeGreaterThan(0.01)
    expect(dojis / n).toBeLessThan(0.1)
    expect(gaps / n).toBeGreaterThan(0.002)
    expect(gaps / n).toBeLessThan(0.05)
    // GARCH: |returns| are positively autocorrelated (an i.i.d. walk gives ~0)
    const m = absRet.reduce((s, x) => s + x, 0) / absRet.length
    let num = 0
    let den = 0
    for (let i = 0; i < absRet.length; i++) {
      den += (absRet[i] - m) ** 2
      if (i > 0) num += (absRet[i] - m) * (absRet[i - 1] - m)
    }
    expect(num / den).toBeGreaterThan(0.08)
    // per-candle volatility near the requested 10% a year
    const sd = Math.sqrt(absRet.reduce((s, x) => s + x * x, 0) / absRet.length)
    const want = 0.1 * Math.sqrt(900_000 / (365.25 * 86_400_000))
    expect(sd / want).toBeGreaterThan(0.7)
    expect(sd / want).toBeLessThan(1.4)
  })

  it('rounds prices to the requested decimals', () => {
    const c = generateCandles({ ...opts, startPrice: 145.72, decimals: 3, count: 2000 })
    for (const f of ['open', 'high', 'low', 'close'] as const) {
      for (const x of c[f]) if (Number(x.toFixed(3)) !== x) expect(x).toBe(Number(x.toFixed(3)))
    }
  })

  it('makes 1M candles and validates its options', () => {
    // Speed is measured by the benchmark (about 0.3 s per million here), not asserted.
    const c = generateCandles({ seed: 1, count: 1_000_000 })
    expect(c.close.length).toBe(1_000_000)
    expect(c.time[999_999]).toBe(Date.UTC(2024, 0, 1) + 999_999 * 900_000)
    expect(generateCandles({ seed: 1, count: 0 }).time.length).toBe(0)
    expect(() => generateCandles({ seed: 1, count: -1 })).toThrow(RangeError)
    expect(() => generateCandles({ seed: 1, count: 10, startPrice: 0 })).toThrow(RangeError)
    expect(() => generateCandles({ seed: 1, count: 10, intervalMs: 0 })).toThrow(RangeError)
  })

  it('survives a CSV write → import round trip exactly', () => {
    const c = generateCandles({ ...opts, count: 20_000 })
    expect(sameCandles(parseCsv(formatCandlesCsv(c), { file: 'g.csv' }).candles, c)).toBe(true)
    const dir = tempDir('gapwatch-market-')
    try {
      const path = join(dir, 'GEN.csv')
      const bytes = writeCandlesCsv(path, c)
      const r = importCsvFile(path)
      expect(r.bytes).toBe(bytes)
      expect(r.symbol).toBe('GEN')
      expect(sameCandles(r.candles, c)).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('writes NaN as a blank cell that imports back as NaN', () => {
    const c = generateCandles({ ...opts, count: 3 })
    c.volume[1] = NaN
    c.open[2] = NaN
    const r = parseCsv(formatCandlesCsv(c), { file: 'n.csv' })
    expect(r.blankCells).toBe(2)
    expect(sameCandles(r.candles, c)).toBe(true)
  })

  it('makes any range on its own, equal bit for bit to the same slice of the whole series', () => {
    const o = { ...opts, count: 5 * BLOCK + 123 }
    const all = generateCandles(o)
    const rnd = createRng(9)
    const ranges = [[0, 0], [0, 1], [BLOCK - 2, BLOCK + 2], [BLOCK, 2 * BLOCK], [3 * BLOCK + 7, o.count], [o.count - 1, o.count]]
    for (let k = 0; k < 20; k++) {
      const a = Math.floor(rnd() * o.count)
      ranges.push([a, a + Math.floor(rnd() * (o.count - a))])
    }
    for (const [a, b] of ranges) {
      const part = generateCandleRange(o, a, b)
      const slice = Object.fromEntries(FIELDS.map((f) => [f, all[f].subarray(a, b)])) as unknown as Candles
      expect(sameCandles(part, slice), `range ${a}…${b}`).toBe(true)
    }
    expect(() => generateCandleRange(o, 10, 5)).toThrow(RangeError)
    expect(() => generateCandleRange(o, 0, o.count + 1)).toThrow(RangeError)
  })

  it('joins its blocks without a seam: each block opens at the previous close unless it draws a gap', () => {
    const c = generateCandles({ ...opts, count: 200 * BLOCK, gapProbability: 0 })
    for (let b = 1; b < 200; b++) expect(c.open[b * BLOCK], `block ${b}`).toBe(c.close[b * BLOCK - 1])
    // and the blocks' moves are those of ordinary candles: the largest |log return| across a block
    // boundary is no outlier among all returns
    const boundary: number[] = []
    const all: number[] = []
    for (let i = 1; i < c.close.length; i++) {
      const r = Math.abs(Math.log(c.close[i] / c.close[i - 1]))
      all.push(r)
      if (i % BLOCK === 0) boundary.push(r)
    }
    all.sort((x, y) => x - y)
    const p99 = all[Math.floor(all.length * 0.99)]
    expect(boundary.filter((r) => r > p99).length).toBeLessThanOrEqual(10)
  })
})
