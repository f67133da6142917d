// Hand-computed cases for every rule of the FVG kernel (each also run through the streaming
// detector, which must agree).
import { describe, expect, it } from 'vitest'
import type { Candles } from '../../../../shared/candles.ts'
import type { FvgZone } from '../../../../shared/fvg.ts'
import { FvgStream, collectFvgEvents, detectFvgs, toZones } from '../../../../electron/engine/fvg/index.ts'
import type { FvgOptionsInput } from '../../../../electron/engine/fvg/index.ts'

type Row = [open: number, high: number, low: number, close: number]

/** Candles from [open, high, low, close] rows; candle k has time 1000 + k. */
function rows(data: Row[]): Candles {
  return {
    time: Float64Array.from(data, (_, k) => 1000 + k),
    open: Float64Array.from(data, (r) => r[0]),
    high: Float64Array.from(data, (r) => r[1]),
    low: Float64Array.from(data, (r) => r[2]),
    close: Float64Array.from(data, (r) => r[3]),
    volume: new Float64Array(data.length),
  }
}

/** The kernel's zones; asserts on the way that the streaming detector gives the same. */
function zones(data: Row[], options: FvgOptionsInput = {}): FvgZone[] {
  const c = rows(data)
  const batch = toZones(detectFvgs(c, options), c.time)
  expect(collectFvgEvents(new FvgStream(options).pushAll(c))).toEqual(batch)
  return batch
}

/** A zone with time = 1000 + index, as `rows` builds them. */
function zone(index: number, direction: 1 | -1, top: number, bottom: number, mitigatedIndex: number | null): FvgZone {
  return {
    index,
    time: 1000 + index,
    direction,
    top,
    bottom,
    mitigatedIndex,
    mitigatedTime: mitigatedIndex === null ? null : 1000 + mitigatedIndex,
  }
}

const with_ = (data: Row[], k: number, row: Row): Row[] => data.map((r, i) => (i === k ? row : r))

// Bullish gap on 1: high[0] = 11 < low[2] = 12, candle 1 green. Top 12, bottom 11, midpoint 11.5.
// Candle 3 stays above (low 12.5); 4 touches the top (11.9), 5 reaches the bottom with its wick
// (11) and closes above it (11.2), 6 closes on it (11). No other triple makes a gap.
const BULL: Row[] = [
  [10, 11, 9, 10.5],
  [10.5, 13, 10.4, 12.8],
  [12.8, 14, 12, 13.5],
  [13.5, 14, 12.5, 13],
  [13, 13.2, 11.9, 12],
  [12, 12.6, 11, 11.2],
  [11.2, 12, 10.5, 11],
]

// Bearish gap on 1: low[0] = 19 > high[2] = 17, candle 1 red. Top 19, bottom 17, midpoint 18.
// Candle 3 reaches 18 (touch at exactly i + 2), 4 reaches 19 with its wick; no close ever ≥ 19.
const BEAR: Row[] = [
  [20, 21, 19, 19.5],
  [19.5, 19.6, 16, 16.2],
  [16.2, 17, 15, 15.5],
  [15.5, 18, 15.2, 17],
  [17, 19, 16.5, 18.5],
]

// Staircase: bullish gaps on 1, 2, 3 (top low[i+1] = 10(i+1), bottom high[i−1] = 10i − 5); candle 5
// breaks the run (no gap on 4) and comes down to 30.
const STAIRS: Row[] = [
  [1, 5, 0, 4],
  [11, 15, 10, 14],
  [21, 25, 20, 24],
  [31, 35, 30, 34],
  [41, 45, 40, 44],
  [44, 46, 30, 31],
]

describe('detection (default: smartmoneyconcepts)', () => {
  it('bullish gap: top = low[i+1], bottom = high[i−1], touched by a later wick', () => {
    expect(zones(BULL.slice(0, 5))).toEqual([zone(1, 1, 12, 11, 4)])
  })

  it('bearish gap: top = low[i−1], bottom = high[i+1]; mitigated at exactly i + 2', () => {
    expect(zones(BEAR)).toEqual([zone(1, -1, 19, 17, 3)])
  })

  it('mitigation is inclusive: a low equal to the top at i + 2 mitigates', () => {
    expect(zones(with_(BULL.slice(0, 5), 3, [13.5, 14, 12, 13]))).toEqual([zone(1, 1, 12, 11, 3)])
  })

  it('never mitigated: null (and −1 in the typed result)', () => {
    expect(zones(BULL.slice(0, 4))).toEqual([zone(1, 1, 12, 11, null)])
    const r = detectFvgs(rows(BULL.slice(0, 4)))
    expect(r.count).toBe(1)
    expect(Array.from(r.mitigatedIndex)).toEqual([-1])
    expect(r.index).toBeInstanceOf(Int32Array)
    expect(r.direction).toBeInstanceOf(Int8Array)
    expect(r.top).toBeInstanceOf(Float64Array)
  })

  it('equal edges are no gap (strict comparison), both directions', () => {
    expect(zones(with_(BULL.slice(0, 5), 2, [12.8, 14, 11, 13.5]))).toEqual([])
    expect(zones(with_(BEAR, 2, [16.2, 19, 15, 15.5]))).toEqual([])
  })

  it('doji middle candle: no gap', () => {
    expect(zones(with_(BULL.slice(0, 5), 1, [10.5, 13, 10.4, 10.5]))).toEqual([])
  })

  it('counter-direction middle body: no gap', () => {
    expect(zones(with_(BULL.slice(0, 5), 1, [12.8, 13, 10.4, 10.5]))).toEqual([])
    expect(zones(with_(BEAR, 1, [16.2, 19.6, 16, 19.5]))).toEqual([])
  })

  it('a NaN in a compared value means no gap', () => {
    expect(zones(with_(BULL.slice(0, 5), 0, [10, NaN, 9, 10.5]))).toEqual([])
    expect(zones(with_(BULL.slice(0, 5), 2, [12.8, 14, NaN, 13.5]))).toEqual([])
    expect(zones(with_(BULL.slice(0, 5), 1, [10.5, 13, 10.4, NaN]))).toEqual([])
  })

  it('a NaN candle is skipped by the mitigation search', () => {
    const data = with_(BULL.slice(0, 5), 3, [13.5, 14, NaN, 13])
    expect(zones(data)).toEqual([zone(1, 1, 12, 11, 4)])
    expect(zones(with_(data, 4, [NaN, NaN, NaN, NaN]))).toEqual([zone(1, 1, 12, 11, null)])
  })

  it('a gap on the last possible candle, n − 2', () => {
    expect(zones(BULL.slice(0, 3))).toEqual([zone(1, 1, 12, 11, null)])
    expect(zones(BULL.slice(0, 3), { label: 'third' })).toEqual([zone(2, 1, 12, 11, null)])
  })

  it('fewer than three candles: nothing', () => {
    for (let n = 0; n < 3; n++) {
      expect(zones(BULL.slice(0, n))).toEqual([])
      expect(detectFvgs(rows(BULL.slice(0, n))).count).toBe(0)
    }
  })

  it('validates its input', () => {
    expect(() => detectFvgs(rows(BULL), { minGap: { kind: 'atr', multiple: 1, period: 0 } })).toThrow()
    const c = rows(BULL)
    expect(() => detectFvgs({ ...c, close: c.close.subarray(1) })).toThrow(RangeError)
  })
})

describe('joinConsecutive', () => {
  it('off: the three adjacent gaps stay apart', () => {
    expect(zones(STAIRS)).toEqual([zone(1, 1, 20, 5, null), zone(2, 1, 30, 15, 5), zone(3, 1, 40, 25, 5)])
  })

  it('on: a run of 3 merges into the last, highest top and lowest bottom, searched from last + 2', () => {
    // Candle 4 (low 40 = the merged top) would touch it, but the search starts at 3 + 2 = 5.
    expect(zones(STAIRS, { joinConsecutive: true })).toEqual([zone(3, 1, 40, 5, 5)])
    expect(zones(STAIRS, { joinConsecutive: true, label: 'third' })).toEqual([zone(4, 1, 40, 5, 5)])
  })

  it('adjacent gaps of opposite directions do not merge', () => {
    const data: Row[] = [
      [10, 11, 9, 10.5],
      [11, 16, 10.8, 15.5],
      [15, 15.5, 12, 12.2],
      [10.5, 10.7, 9.5, 10],
    ]
    const expected = [zone(1, 1, 12, 11, 3), zone(2, -1, 10.8, 10.7, null)]
    expect(zones(data)).toEqual(expected)
    expect(zones(data, { joinConsecutive: true })).toEqual(expected)
  })

  it('gaps on i and i + 2 do not merge', () => {
    const data: Row[] = [
      [1, 5, 0, 4],
      [11, 15, 10, 14],
      [21, 25, 20, 24],
      [24, 26, 12, 25],
      [30, 35, 30, 34],
    ]
    const expected = [zone(1, 1, 20, 5, 3), zone(3, 1, 30, 25, null)]
    expect(zones(data)).toEqual(expected)
    expect(zones(data, { joinConsecutive: true })).toEqual(expected)
  })

  it('the minimum gap filters first, then adjacent survivors merge', () => {
    // Percent gaps: 300 % on 1, 100 % on 2, 60 % on 3. At 80 %, 3 goes and 1 + 2 merge on 2.
    expect(zones(STAIRS, { joinConsecutive: true, minGap: { kind: 'percent', value: 80 } })).toEqual([
      zone(2, 1, 30, 5, 5),
    ])
  })

  it('a tie keeps the earlier edge (as Python max): −0 then 0 stays −0', () => {
    const data: Row[] = [
      [-3, -2, -4, -2.5],
      [-2.5, -0.5, -2.6, -0.6],
      [-0.6, 1, -0, 0.9],
      [0.9, 2, 0, 1.5],
    ]
    const [z] = zones(data, { joinConsecutive: true })
    expect(z.index).toBe(2)
    expect(Object.is(z.top, -0)).toBe(true)
    expect(z.bottom).toBe(-2)
  })
})

describe('middle-candle rule', () => {
  it('close-beyond: the middle close must pass the first candle wick', () => {
    expect(zones(BULL.slice(0, 5), { middle: 'close-beyond' })).toEqual([zone(1, 1, 12, 11, 4)])
    // Green body, but close 10.9 ≤ high[0] = 11.
    expect(zones(with_(BULL.slice(0, 5), 1, [10.5, 13, 10.4, 10.9]), { middle: 'close-beyond' })).toEqual([])
    expect(zones(with_(BULL.slice(0, 5), 1, [10.5, 13, 10.4, 10.9]))).toEqual([zone(1, 1, 12, 11, 4)])
    expect(zones(BEAR, { middle: 'close-beyond' })).toEqual([zone(1, -1, 19, 17, 3)])
    // Red body, close 19.2 not below low[0] = 19.
    expect(zones(with_(BEAR, 1, [19.5, 19.6, 16, 19.2]), { middle: 'close-beyond' })).toEqual([])
  })

  it('none: doji and counter-direction middles count, a NaN close does not matter', () => {
    expect(zones(with_(BULL.slice(0, 5), 1, [10.5, 13, 10.4, 10.5]), { middle: 'none' })).toEqual([zone(1, 1, 12, 11, 4)])
    expect(zones(with_(BULL.slice(0, 5), 1, [12.8, 13, 10.4, 10.5]), { middle: 'none' })).toEqual([zone(1, 1, 12, 11, 4)])
    expect(zones(with_(BULL.slice(0, 5), 1, [10.5, 13, 10.4, NaN]), { middle: 'none' })).toEqual([zone(1, 1, 12, 11, 4)])
  })
})

describe('minimum gap', () => {
  // top 10, bottom 8: exactly 25 %.
  const PCT: Row[] = [
    [7, 8, 6, 7.5],
    [7.5, 11, 7.4, 10.8],
    [10.8, 12, 10, 11],
  ]

  it('percent: (top − bottom) / bottom × 100 ≥ value', () => {
    expect(zones(PCT, { minGap: { kind: 'percent', value: 25 } })).toEqual([zone(1, 1, 10, 8, null)])
    expect(zones(PCT, { minGap: { kind: 'percent', value: 25.001 } })).toEqual([])
    expect(zones(BULL.slice(0, 5), { minGap: { kind: 'percent', value: 9 } })).toHaveLength(1) // 9.09 %
    expect(zones(BULL.slice(0, 5), { minGap: { kind: 'percent', value: 9.1 } })).toEqual([])
  })

  // Gap 1 on candle 2; TR[0] = 2, TR[1] = max(2, |11 − 10|, |9 − 10|) = 2, so ATR(2) = 2.
  const ATR: Row[] = [
    [10, 11, 9, 10],
    [10, 11, 9, 10.5],
    [10.5, 13, 10.4, 12.8],
    [12.8, 14, 12, 13.5],
  ]

  it('atr: top − bottom ≥ multiple × mean true range of the period candles before the middle', () => {
    expect(zones(ATR, { minGap: { kind: 'atr', multiple: 0.5, period: 2 } })).toEqual([zone(2, 1, 12, 11, null)])
    expect(zones(ATR, { minGap: { kind: 'atr', multiple: 0.6, period: 2 } })).toEqual([])
    expect(zones(ATR)).toEqual([zone(2, 1, 12, 11, null)])
  })

  it('atr: not enough history, or a NaN in the window, means no gap', () => {
    expect(zones(ATR, { minGap: { kind: 'atr', multiple: 0, period: 3 } })).toEqual([])
    expect(zones(ATR, { minGap: { kind: 'atr', multiple: 0, period: 2 } })).toHaveLength(1)
    expect(zones(with_(ATR, 0, [10, 11, 9, NaN]), { minGap: { kind: 'atr', multiple: 0, period: 2 } })).toEqual([])
    // The period defaults to 14.
    expect(zones(ATR, { minGap: { kind: 'atr', multiple: 0 } })).toEqual([])
  })

  // Relative gap 0.8 / 10.1 ≈ 0.079 against the mean range (0.0202 + 0.105 + 0.0183) / 3 ≈ 0.048.
  const AUTO: Row[] = [
    [10, 10.1, 9.9, 10],
    [10, 11.05, 10, 11],
    [11, 11.1, 10.9, 11],
  ]

  it('auto: relative gap above the running mean of (high − low) / low over candles 0 … i + 1', () => {
    expect(zones(AUTO, { minGap: { kind: 'auto' } })).toEqual([zone(1, 1, 10.9, 10.1, null)])
    // A wide middle candle (5 / 9 ≈ 0.56) lifts the mean to ≈ 0.2: the gap no longer counts.
    expect(zones(with_(AUTO, 1, [10, 14, 9, 11]), { minGap: { kind: 'auto' } })).toEqual([])
  })

  it('auto: NaN candles are left out of the mean', () => {
    const data: Row[] = [[NaN, NaN, NaN, NaN], ...AUTO]
    expect(zones(data, { minGap: { kind: 'auto' } })).toEqual([zone(2, 1, 10.9, 10.1, null)])
  })
})

describe('mitigation rule', () => {
  it('touch (default): bullish low ≤ top, bearish high ≥ bottom', () => {
    expect(zones(BULL, { mitigation: 'touch' })).toEqual([zone(1, 1, 12, 11, 4)])
    expect(zones(BEAR, { mitigation: 'touch' })).toEqual([zone(1, -1, 19, 17, 3)])
  })

  it('full-wick: bullish low ≤ bottom, bearish high ≥ top', () => {
    expect(zones(BULL, { mitigation: 'full-wick' })).toEqual([zone(1, 1, 12, 11, 5)])
    expect(zones(BEAR, { mitigation: 'full-wick' })).toEqual([zone(1, -1, 19, 17, 4)])
  })

  it('full-close: bullish close ≤ bottom, bearish close ≥ top', () => {
    expect(zones(BULL, { mitigation: 'full-close' })).toEqual([zone(1, 1, 12, 11, 6)])
    expect(zones(BEAR, { mitigation: 'full-close' })).toEqual([zone(1, -1, 19, 17, null)])
  })

  it('half: bullish low ≤ (top + bottom) / 2, bearish high ≥ (top + bottom) / 2', () => {
    expect(zones(BULL, { mitigation: 'half' })).toEqual([zone(1, 1, 12, 11, 5)])
    expect(zones(BEAR, { mitigation: 'half' })).toEqual([zone(1, -1, 19, 17, 3)])
  })
})

describe('label', () => {
  it('third: the zone sits on the confirming candle; the mitigation search still starts at i + 2', () => {
    expect(zones(BULL, { label: 'third' })).toEqual([zone(2, 1, 12, 11, 4)])
    expect(zones(BEAR, { label: 'third' })).toEqual([zone(2, -1, 19, 17, 3)])
    expect(zones(BULL, { label: 'middle' })).toEqual([zone(1, 1, 12, 11, 4)])
  })
})
