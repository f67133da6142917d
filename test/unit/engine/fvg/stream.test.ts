// The streaming detector: its events, and the property that collecting them gives exactly the
// batch kernel's zones for every option combination, on many seeded random series and on EURUSD.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Candle, Candles } from '../../../../shared/candles.ts'
import { series } from './random-series.ts'
import type { FvgOptions, MinGap } from '../../../../shared/fvg.ts'
import { FvgStream, collectFvgEvents, detectFvgs, toZones } from '../../../../electron/engine/fvg/index.ts'
import type { FvgEvent, FvgOptionsInput } from '../../../../electron/engine/fvg/index.ts'

function combos(): FvgOptions[] {
  const gaps: MinGap[] = [
    { kind: 'none' },
    { kind: 'percent', value: 1 },
    { kind: 'atr', multiple: 0.3, period: 2 },
    { kind: 'atr', multiple: 1, period: 5 },
    { kind: 'auto' },
  ]
  const out: FvgOptions[] = []
  for (const middle of ['body', 'close-beyond', 'none'] as const)
    for (const minGap of gaps)
      for (const mitigation of ['touch', 'full-wick', 'full-close', 'half'] as const)
        for (const label of ['middle', 'third'] as const)
          for (const joinConsecutive of [false, true]) out.push({ middle, minGap, mitigation, label, joinConsecutive })
  return out
}

function candleAt(c: Candles, k: number): Candle {
  return { time: c.time[k], open: c.open[k], high: c.high[k], low: c.low[k], close: c.close[k], volume: c.volume[k] }
}

function streamZones(c: Candles, options: FvgOptionsInput) {
  const s = new FvgStream(options)
  const events: FvgEvent[] = []
  for (let k = 0; k < c.high.length; k++) events.push(...s.push(candleAt(c, k)))
  return collectFvgEvents(events)
}

function rows(data: [number, number, number, number][]): Candles {
  const n = data.length
  const c: Candles = {
    time: Float64Array.from(data, (_, k) => 1000 + k),
    open: Float64Array.from(data, (r) => r[0]),
    high: Float64Array.from(data, (r) => r[1]),
    low: Float64Array.from(data, (r) => r[2]),
    close: Float64Array.from(data, (r) => r[3]),
    volume: new Float64Array(n),
  }
  return c
}

// A staircase: every middle candle 1 … 4 carries a bullish gap (high[k−1] = 10k − 5 < low[k+1] =
// 10k + 10); candle 6 falls back to 14.
const stairs = rows([
  [1, 5, 0, 4],
  [11, 15, 10, 14],
  [21, 25, 20, 24],
  [31, 35, 30, 34],
  [41, 45, 40, 44],
  [51, 55, 50, 54],
  [40, 41, 14, 15],
])

describe('FvgStream events', () => {
  it("emits 'created' when the third candle confirms the gap, 'mitigated' on the mitigating candle", () => {
    const s = new FvgStream()
    const c = rows([
      [10, 11, 9, 10.5],
      [10.5, 13, 10.4, 12.8],
      [12.8, 14, 12, 13.5],
      [13.5, 14, 12.5, 13],
      [13, 13.2, 11.9, 12],
    ])
    expect(s.push(candleAt(c, 0))).toEqual([])
    expect(s.push(candleAt(c, 1))).toEqual([])
    const zone = { index: 1, time: 1001, direction: 1, top: 12, bottom: 11, mitigatedIndex: null, mitigatedTime: null }
    expect(s.push(candleAt(c, 2))).toEqual([{ type: 'created', zone }])
    expect(s.openZones()).toEqual([zone])
    expect(s.push(candleAt(c, 3))).toEqual([])
    expect(s.push(candleAt(c, 4))).toEqual([
      {
        type: 'mitigated',
        index: 1,
        direction: 1,
        mitigatedIndex: 4,
        mitigatedTime: 1004,
        zone: { ...zone, mitigatedIndex: 4, mitigatedTime: 1004 },
      },
    ])
    expect(s.openZones()).toEqual([])
    expect(s.length).toBe(5)
  })

  it("with joinConsecutive, a zone extended by the next gap is replaced through 'merged'", () => {
    const s = new FvgStream({ joinConsecutive: true })
    const per = [0, 1, 2, 3, 4, 5, 6].map((k) => s.push(candleAt(stairs, k)))
    expect(per[0]).toEqual([])
    expect(per[1]).toEqual([])
    expect(per[2]).toEqual([
      { type: 'created', zone: { index: 1, time: 1001, direction: 1, top: 20, bottom: 5, mitigatedIndex: null, mitigatedTime: null } },
    ])
    expect(per[3]).toEqual([
      { type: 'merged', replaces: 1, zone: { index: 2, time: 1002, direction: 1, top: 30, bottom: 5, mitigatedIndex: null, mitigatedTime: null } },
    ])
    expect(per[4].map((e) => e.type === 'merged' && [e.replaces, e.zone.index])).toEqual([[2, 3]])
    expect(per[5].map((e) => e.type === 'merged' && [e.replaces, e.zone.index, e.zone.top, e.zone.bottom])).toEqual([
      [3, 4, 50, 5],
    ])
    // Candle 6 makes no gap on 5, so the zone on 4 is final; its search starts at 6: low 14 ≤ 50.
    expect(per[6]).toEqual([
      {
        type: 'mitigated',
        index: 4,
        direction: 1,
        mitigatedIndex: 6,
        mitigatedTime: 1006,
        zone: { index: 4, time: 1004, direction: 1, top: 50, bottom: 5, mitigatedIndex: 6, mitigatedTime: 1006 },
      },
    ])
    expect(collectFvgEvents(per.flat())).toEqual(toZones(detectFvgs(stairs, { joinConsecutive: true }), stairs.time))
  })

  it('label third: the zone carries the confirming candle index and time', () => {
    const s = new FvgStream({ label: 'third' })
    const events = s.pushAll(stairs)
    expect(events.filter((e) => e.type === 'created').map((e) => e.type === 'created' && [e.zone.index, e.zone.time])).toEqual([
      [2, 1002],
      [3, 1003],
      [4, 1004],
      [5, 1005],
    ])
  })

  it('rejects invalid options', () => {
    expect(() => new FvgStream({ minGap: { kind: 'percent', value: -1 } })).toThrow()
  })
})

describe('streaming equals batch', () => {
  const all = combos()
  const seeds = Array.from({ length: 40 }, (_, k) => 7 + k * 131)

  it(`for all ${all.length} option combinations on ${seeds.length} random series`, () => {
    let zones = 0
    let merges = 0
    for (const seed of seeds) {
      const n = seed % 5 === 0 ? seed % 4 : 30 + (seed % 170)
      const c = series(seed, n)
      for (const o of all) {
        const s = new FvgStream(o)
        const events = s.pushAll(c)
        const batch = toZones(detectFvgs(c, o), c.time)
        expect(collectFvgEvents(events), `seed ${seed} ${JSON.stringify(o)}`).toEqual(batch)
        // What is still open at the end is exactly what the batch leaves unmitigated.
        expect(s.openZones()).toEqual(batch.filter((z) => z.mitigatedIndex === null))
        zones += batch.length
        for (const e of events) if (e.type === 'merged') merges++
      }
    }
    expect(zones).toBeGreaterThan(20_000)
    expect(merges).toBeGreaterThan(2_000)
  })

  it('on the EURUSD file, for every mitigation, label and join setting (and each minimum gap)', () => {
    const text = readFileSync(new URL('../../../../resources/data/eurusd_15m.csv', import.meta.url), 'utf8')
    const lines = text.split('\n').slice(1).filter((l) => l !== '')
    const cells = lines.map((l) => l.split(',').map((v) => (v === '' ? NaN : Number(v))))
    const c = rows(cells.map((r) => [r[1], r[2], r[3], r[4]]))
    c.time = Float64Array.from(cells, (r) => r[0])
    const picked = all.filter((o) => o.middle === 'body' || (o.minGap.kind === 'none' && o.mitigation === 'touch'))
    for (const o of picked) {
      const batch = toZones(detectFvgs(c, o), c.time)
      expect(batch.length).toBeGreaterThan(0)
      expect(streamZones(c, o), JSON.stringify(o)).toEqual(batch)
    }
  })
})
