// Cross-check of the kernel against a naive O(n²) reference written straight from the definition
// (smartmoneyconcepts' fvg, extended by the options), on seeded random series full of edge cases
// (equal edges, dojis, NaNs, inverted candles, zero and negative prices) for every option
// combination, and on the real EURUSD 15-minute file.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FvgOptionsSchema } from '../../../../shared/fvg.ts'
import type { FvgOptions, FvgZone, MinGap } from '../../../../shared/fvg.ts'
import { allocCandles, type Candles } from '../../../../shared/candles.ts'
import { detectFvgs, toZones } from '../../../../electron/engine/fvg/index.ts'

// ---------------------------------------------------------------- the naive reference

/** Python's max(a, b): a unless b > a. */
const pyMax = (a: number, b: number): number => (b > a ? b : a)
/** Python's min(a, b): a unless b < a. */
const pyMin = (a: number, b: number): number => (b < a ? b : a)

function trueRangeAt(c: Candles, k: number): number {
  const hl = c.high[k] - c.low[k]
  if (k === 0) return hl
  return Math.max(hl, Math.abs(c.high[k] - c.close[k - 1]), Math.abs(c.low[k] - c.close[k - 1]))
}

function naiveMinGapPasses(c: Candles, gap: MinGap, i: number, top: number, bottom: number, autoMean: number[]): boolean {
  switch (gap.kind) {
    case 'none':
      return true
    case 'percent':
      return ((top - bottom) / bottom) * 100 >= gap.value
    case 'atr': {
      if (i < gap.period) return false
      let sum = 0
      for (let k = i - gap.period; k <= i - 1; k++) sum += trueRangeAt(c, k)
      return top - bottom >= gap.multiple * (sum / gap.period)
    }
    case 'auto':
      return (top - bottom) / bottom > autoMean[i + 1]
  }
}

/** Running mean of (high − low) / low over candles 0 … k, NaN terms skipped (NaN if none). */
function autoMeans(c: Candles): number[] {
  const n = c.high.length
  const means: number[] = []
  let sum = 0
  let count = 0
  for (let k = 0; k < n; k++) {
    const t = (c.high[k] - c.low[k]) / c.low[k]
    if (!Number.isNaN(t)) {
      sum += t
      count++
    }
    means.push(count > 0 ? sum / count : NaN)
  }
  return means
}

function naiveMitigated(c: Candles, o: FvgOptions, dir: number, top: number, bottom: number, j: number): boolean {
  const mid = (top + bottom) / 2
  if (dir === 1) {
    if (o.mitigation === 'touch') return c.low[j] <= top
    if (o.mitigation === 'full-wick') return c.low[j] <= bottom
    if (o.mitigation === 'full-close') return c.close[j] <= bottom
    return c.low[j] <= mid
  }
  if (o.mitigation === 'touch') return c.high[j] >= bottom
  if (o.mitigation === 'full-wick') return c.high[j] >= top
  if (o.mitigation === 'full-close') return c.close[j] >= top
  return c.high[j] >= mid
}

function naiveFvgs(c: Candles, input: Partial<FvgOptions> = {}): FvgZone[] {
  const o = FvgOptionsSchema.parse(input)
  const n = c.high.length
  const { open, high, low, close } = c
  const autoMean = autoMeans(c)
  // Dense columns as in the Python library: NaN where there is no gap.
  const fvg: number[] = new Array<number>(n).fill(NaN)
  const top: number[] = new Array<number>(n).fill(NaN)
  const bottom: number[] = new Array<number>(n).fill(NaN)
  for (let i = 1; i <= n - 2; i++) {
    const bullMiddle =
      o.middle === 'body' ? close[i] > open[i] : o.middle === 'close-beyond' ? close[i] > high[i - 1] : true
    const bearMiddle =
      o.middle === 'body' ? close[i] < open[i] : o.middle === 'close-beyond' ? close[i] < low[i - 1] : true
    let d = 0
    let t = NaN
    let b = NaN
    if (high[i - 1] < low[i + 1] && bullMiddle) {
      d = 1
      t = low[i + 1]
      b = high[i - 1]
    } else if (low[i - 1] > high[i + 1] && bearMiddle) {
      d = -1
      t = low[i - 1]
      b = high[i + 1]
    }
    if (d !== 0 && naiveMinGapPasses(c, o.minGap, i, t, b, autoMean)) {
      fvg[i] = d
      top[i] = t
      bottom[i] = b
    }
  }
  if (o.joinConsecutive) {
    for (let i = 0; i < n - 1; i++) {
      if (fvg[i] === fvg[i + 1]) {
        top[i + 1] = pyMax(top[i], top[i + 1])
        bottom[i + 1] = pyMin(bottom[i], bottom[i + 1])
        fvg[i] = top[i] = bottom[i] = NaN
      }
    }
  }
  const zones: FvgZone[] = []
  const offset = o.label === 'third' ? 1 : 0
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(fvg[i])) continue
    let mi: number | null = null
    for (let j = i + 2; j < n; j++) {
      if (naiveMitigated(c, o, fvg[i], top[i], bottom[i], j)) {
        mi = j
        break
      }
    }
    zones.push({
      index: i + offset,
      time: c.time[i + offset],
      direction: fvg[i] === 1 ? 1 : -1,
      top: top[i],
      bottom: bottom[i],
      mitigatedIndex: mi,
      mitigatedTime: mi === null ? null : c.time[mi],
    })
  }
  return zones
}

// ---------------------------------------------------------------- random series

function mulberry32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A random series on a coarse grid (so equal edges and dojis are common), with NaN cells, NaN
 * candles and inverted candles sprinkled in; `low` prices can reach 0 and go negative. With
 * `tick` = 0.1 the prices are not exact binary fractions, so the minimum-gap arithmetic rounds.
 */
function randomSeries(seed: number, n: number, base = 100, tick = 1): Candles {
  const rand = mulberry32(seed)
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1))
  const cols = { time: [] as number[], open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[] }
  let price = base
  for (let k = 0; k < n; k++) {
    price += int(-3, 3)
    let open = price + int(-2, 2)
    let close = price + int(-2, 2)
    if (rand() < 0.15) close = open
    let high = Math.max(open, close) + int(0, 2)
    let low = Math.min(open, close) - int(0, 2)
    if (rand() < 0.02) [high, low] = [low, high]
    const r = rand()
    if (r < 0.02) open = high = low = close = NaN
    else if (r < 0.08) {
      const f = int(0, 3)
      if (f === 0) open = NaN
      else if (f === 1) high = NaN
      else if (f === 2) low = NaN
      else close = NaN
    }
    cols.time.push(1_700_000_000_000 + k * 60_000)
    cols.open.push(open * tick)
    cols.high.push(high * tick)
    cols.low.push(low * tick)
    cols.close.push(close * tick)
  }
  return {
    time: Float64Array.from(cols.time),
    open: Float64Array.from(cols.open),
    high: Float64Array.from(cols.high),
    low: Float64Array.from(cols.low),
    close: Float64Array.from(cols.close),
    volume: new Float64Array(n).fill(NaN),
  }
}

/** Every combination of the options (minimum gap: several parameter values per kind). */
function allOptionCombos(): FvgOptions[] {
  const gaps: MinGap[] = [
    { kind: 'none' },
    { kind: 'percent', value: 0 },
    { kind: 'percent', value: 2.5 },
    { kind: 'atr', multiple: 0, period: 14 },
    { kind: 'atr', multiple: 0.5, period: 3 },
    { kind: 'atr', multiple: 1, period: 1 },
    { kind: 'auto' },
  ]
  const combos: FvgOptions[] = []
  for (const middle of ['body', 'close-beyond', 'none'] as const)
    for (const minGap of gaps)
      for (const mitigation of ['touch', 'full-wick', 'full-close', 'half'] as const)
        for (const label of ['middle', 'third'] as const)
          for (const joinConsecutive of [false, true]) combos.push({ middle, minGap, mitigation, label, joinConsecutive })
  return combos
}

/**
 * Series lengths 0 … 3 (degenerate), then a spread up to 240; a quarter of them near price 0, a
 * quarter on a 0.1 grid.
 */
function randomCases(count: number): { seed: number; candles: Candles }[] {
  const cases: { seed: number; candles: Candles }[] = []
  for (let s = 0; s < count; s++) {
    const seed = 1000 + s
    const n = s < 4 ? s : 20 + ((s * 37) % 221)
    cases.push({ seed, candles: randomSeries(seed, n, s % 4 === 3 ? 4 : 100, s % 4 === 2 ? 0.1 : 1) })
  }
  return cases
}

// ---------------------------------------------------------------- EURUSD

const EURUSD = new URL('../../../../resources/data/eurusd_15m.csv', import.meta.url)

/** A minimal reader for the shared CSV (timestamp,open,high,low,close,volume); blank cell = NaN. */
function readEurusd(): Candles {
  const lines = readFileSync(EURUSD, 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '')
  const n = lines.length
  const c = allocCandles(n)
  const num = (s: string | undefined): number => (s === undefined || s.trim() === '' ? NaN : Number(s))
  lines.forEach((line, k) => {
    const f = line.split(',')
    c.time[k] = num(f[0])
    c.open[k] = num(f[1])
    c.high[k] = num(f[2])
    c.low[k] = num(f[3])
    c.close[k] = num(f[4])
    c.volume[k] = num(f[5])
  })
  return c
}

const describeCombo = (o: FvgOptions): string => JSON.stringify(o)

// ---------------------------------------------------------------- tests

describe('kernel versus the naive reference', () => {
  it('the reference itself reproduces a hand-computed case', () => {
    // Bullish gap on 1 (11 < 12, green middle), mitigated on 4 (low 11.9 ≤ 12).
    const c = {
      time: Float64Array.of(0, 1, 2, 3, 4),
      open: Float64Array.of(10, 10.5, 12.8, 13.5, 13),
      high: Float64Array.of(11, 13, 14, 14, 13.2),
      low: Float64Array.of(9, 10.4, 12, 12.5, 11.9),
      close: Float64Array.of(10.5, 12.8, 13.5, 13, 12),
      volume: new Float64Array(5),
    }
    expect(naiveFvgs(c)).toEqual([
      { index: 1, time: 1, direction: 1, top: 12, bottom: 11, mitigatedIndex: 4, mitigatedTime: 4 },
    ])
  })

  const cases = randomCases(60)
  const combos = allOptionCombos()

  it(`agrees exactly on ${cases.length} random series for all ${combos.length} option combinations`, () => {
    let zones = 0
    let joined = 0
    let mitigated = 0
    for (const o of combos) {
      for (const { seed, candles } of cases) {
        const expected = naiveFvgs(candles, o)
        const actual = toZones(detectFvgs(candles, o), candles.time)
        expect(actual, `seed ${seed}, ${describeCombo(o)}`).toEqual(expected)
        zones += expected.length
        if (o.joinConsecutive) joined += expected.length
        for (const z of expected) if (z.mitigatedIndex !== null) mitigated++
      }
    }
    // The data really exercises the rules: plenty of zones, joined ones, mitigated and not.
    expect(zones).toBeGreaterThan(10_000)
    expect(joined).toBeGreaterThan(1_000)
    expect(mitigated).toBeGreaterThan(5_000)
    expect(zones - mitigated).toBeGreaterThan(500)
  })

  it('the random series contain the edge cases the rules care about', () => {
    let equalEdges = 0
    let dojiGaps = 0
    let nans = 0
    for (const { candles: c } of cases) {
      for (let i = 1; i + 1 < c.high.length; i++) {
        if (c.high[i - 1] === c.low[i + 1] || c.low[i - 1] === c.high[i + 1]) equalEdges++
        if (c.high[i - 1] < c.low[i + 1] && c.open[i] === c.close[i]) dojiGaps++
      }
      for (const v of c.low) if (Number.isNaN(v)) nans++
    }
    expect(equalEdges).toBeGreaterThan(50)
    expect(dojiGaps).toBeGreaterThan(20)
    expect(nans).toBeGreaterThan(50)
  })
})

describe('EURUSD 15m (real data)', () => {
  const c = readEurusd()

  it('reads all 24,424 candles', () => {
    expect(c.high.length).toBe(24_424)
    expect(c.time[1] - c.time[0]).toBe(15 * 60_000)
  })

  it('default options: same zones as the reference, exactly', () => {
    const expected = naiveFvgs(c)
    const actual = toZones(detectFvgs(c), c.time)
    expect(expected.length).toBeGreaterThan(0)
    expect(actual.length).toBe(expected.length)
    expect(actual).toEqual(expected)
  })

  it('every option value (each mitigation × label × join, each middle and minimum gap × join)', () => {
    const picked = allOptionCombos().filter((o) => {
      const others = [o.middle !== 'body', o.minGap.kind !== 'none', o.mitigation !== 'touch' || o.label !== 'middle']
      return others.filter(Boolean).length <= 1 || (o.middle === 'body' && o.minGap.kind === 'none')
    })
    expect(picked.length).toBeGreaterThan(30)
    for (const o of picked) {
      const expected = naiveFvgs(c, o)
      const actual = toZones(detectFvgs(c, o), c.time)
      expect(actual.length, describeCombo(o)).toBe(expected.length)
      expect(actual, describeCombo(o)).toEqual(expected)
    }
  })
})
