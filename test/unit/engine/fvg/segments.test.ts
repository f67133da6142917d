// A series scanned as segments and merged gives exactly the whole scan's zones, for every option
// that splits, on seeded random series cut at random places (down to one-candle segments).
import { describe, expect, it } from 'vitest'
import { sliceCandles, type Candles } from '../../../../shared/candles.ts'
import type { FvgOptions, MinGap } from '../../../../shared/fvg.ts'
import { detectFvgs, resolveFvgOptions } from '../../../../electron/engine/fvg/index.ts'
import { canSplit, mergeSegments, planSegments, scanSegment, segmentContext } from '../../../../electron/engine/fvg/segments.ts'
import type { SegmentZones } from '../../../../electron/engine/fvg/segments.ts'
import { detectFvgsResolved } from '../../../../electron/engine/fvg/kernel.ts'
import { series, xorshift } from './random-series.ts'

/** Candles start … end − 1 as their own series (a copy, as a worker would load them). */
function range(c: Candles, start: number, end: number): Candles {
  const part = sliceCandles(c, end)
  return {
    time: part.time.slice(start), open: part.open.slice(start), high: part.high.slice(start),
    low: part.low.slice(start), close: part.close.slice(start), volume: part.volume.slice(start),
  }
}

function wholeScan(c: Candles, options: FvgOptions): SegmentZones {
  const r = detectFvgs(c, options)
  return {
    index: r.index, direction: r.direction, top: r.top, bottom: r.bottom, mitigatedIndex: r.mitigatedIndex,
    time: Float64Array.from(r.index, (i) => c.time[i]),
    mitigatedTime: Float64Array.from(r.mitigatedIndex, (m) => (m >= 0 ? c.time[m] : NaN)),
  }
}

function segmentedScan(c: Candles, options: FvgOptions, cuts: number[]): SegmentZones {
  const opts = resolveFvgOptions(options)
  const bounds = [0, ...cuts, c.time.length]
  const parts = []
  for (let s = 0; s + 1 < bounds.length; s++) {
    const [from, to] = [bounds[s], bounds[s + 1]]
    const start = Math.max(0, from - segmentContext(opts))
    parts.push(scanSegment(range(c, start, to), start, from, opts))
  }
  return mergeSegments(parts, opts)
}

function splittable(): FvgOptions[] {
  const gaps: MinGap[] = [{ kind: 'none' }, { kind: 'percent', value: 1 }, { kind: 'atr', multiple: 0.3, period: 2 }, { kind: 'atr', multiple: 1, period: 5 }]
  const out: FvgOptions[] = []
  for (const middle of ['body', 'close-beyond', 'none'] as const)
    for (const minGap of gaps)
      for (const mitigation of ['touch', 'full-wick', 'full-close', 'half'] as const)
        for (const label of ['middle', 'third'] as const) out.push({ joinConsecutive: false, middle, minGap, mitigation, label })
  return out
}

const COLUMNS = ['index', 'direction', 'top', 'bottom', 'mitigatedIndex', 'time', 'mitigatedTime'] as const

function expectSame(got: SegmentZones, want: SegmentZones, what: string): void {
  for (const col of COLUMNS) {
    expect(got[col].length, `${what}: ${col} length`).toBe(want[col].length)
    for (let k = 0; k < want[col].length; k++) {
      if (!Object.is(got[col][k], want[col][k])) expect(`${col}[${k}] = ${got[col][k]}`, what).toBe(`${col}[${k}] = ${want[col][k]}`)
    }
  }
}

describe('segmented scans', () => {
  it('merge into exactly the whole scan for every splittable option combination', () => {
    const combos = splittable()
    expect(combos.length).toBe(96)
    let zones = 0
    let resolvedAcross = 0
    for (let seed = 1; seed <= 6; seed++) {
      const c = series(seed, 700)
      const rand = xorshift(seed * 7919)
      const cuts: number[] = []
      // Segments of 1 to 60 candles: many boundaries, some right next to each other.
      for (let at = 1 + Math.floor(rand() * 60); at < 700; at += 1 + Math.floor(rand() * 60)) cuts.push(at)
      for (const options of combos) {
        const want = wholeScan(c, options)
        const got = segmentedScan(c, options, cuts)
        expectSame(got, want, `seed ${seed} ${JSON.stringify(options)}`)
        zones += want.index.length
        for (let k = 0; k < want.index.length; k++) {
          const m = want.mitigatedIndex[k]
          if (m >= 0 && cuts.some((cut) => want.index[k] < cut && cut <= m)) resolvedAcross++
        }
      }
    }
    // The property is only worth something if many zones were mitigated in a later segment.
    expect(zones).toBeGreaterThan(10_000)
    expect(resolvedAcross).toBeGreaterThan(2_000)
  })

  it('plans consecutive segments and refuses the options that cannot split', () => {
    expect(planSegments(10, 4)).toEqual([{ from: 0, to: 4 }, { from: 4, to: 8 }, { from: 8, to: 10 }])
    expect(planSegments(0, 4)).toEqual([])
    expect(canSplit(resolveFvgOptions({}))).toBe(true)
    expect(canSplit(resolveFvgOptions({ joinConsecutive: true }))).toBe(false)
    expect(canSplit(resolveFvgOptions({ minGap: { kind: 'auto' } }))).toBe(false)
    expect(segmentContext(resolveFvgOptions({ minGap: { kind: 'atr', multiple: 1, period: 14 } }))).toBe(16)
    expect(() => detectFvgsResolved(series(1, 50), resolveFvgOptions({ minGap: { kind: 'auto' } }), 10)).toThrow(/auto/)
    const opts = resolveFvgOptions({})
    const c = series(3, 100)
    const whole = scanSegment(c, 0, 0, opts)
    expect(() => mergeSegments([scanSegment(range(c, 40, 100), 40, 42, opts), whole], opts)).toThrow(/consecutive/)
  })
})
