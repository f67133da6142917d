// Streaming FVG detector: one candle at a time, for live data. Collecting its events gives exactly
// the zones of the batch kernel (detectFvgs + toZones) on the same candles, for every option.
//
// Events, returned by push() for the candle just pushed (candle j, indexed from 0 in push order):
//   created   — a gap on the middle candle m = j − 1, confirmed by candle j, passed the rules and the
//               minimum-gap filter. Its zone is unmitigated (mitigatedIndex null).
//   merged    — joinConsecutive only: the gap on m has the same direction as the zone created (or
//               merged) on m − 1 and absorbs it. `replaces` is the label index of that earlier zone,
//               which no longer exists; `zone` is the joined zone on m (highest top, lowest bottom).
//               So with joinConsecutive a zone is provisional for one bar: until candle m + 2 shows
//               whether the gap on m + 1 extends it. A provisional zone cannot be mitigated (its
//               mitigation search only starts at m + 2, after that decision).
//   mitigated — candle j is the first to reach the zone's level (mitigation.ts). `zone` is the zone
//               with mitigatedIndex and mitigatedTime filled in.
// Within one push the created/merged event comes before the mitigated ones. To rebuild the batch
// result: on created, add zone; on merged, remove `replaces` and add zone; on mitigated, set the
// mitigation of `index`. Zones are keyed by their label index, which is unique.
import type { Candle, Candles } from '../../../shared/candles.ts'
import type { Direction, FvgZone } from '../../../shared/fvg.ts'
import { ZoneHeap } from './heap.ts'
import { autoTerm, passesAtr, passesAuto, passesPercent, trueRange } from './min-gap.ts'
import { mitigatesOnClose, mitigationLevel } from './mitigation.ts'
import { GAP_ATR, GAP_AUTO, GAP_NONE, GAP_PERCENT } from './options.ts'
import { resolveFvgOptions } from './validate.ts'
import type { FvgOptionsInput, ResolvedFvgOptions } from './options.ts'
import { gapDirection, joinBottom, joinTop } from './rules.ts'

export type FvgEvent =
  | { type: 'created'; zone: FvgZone }
  | { type: 'merged'; replaces: number; zone: FvgZone }
  | {
      type: 'mitigated'
      index: number
      direction: Direction
      mitigatedIndex: number
      mitigatedTime: number
      zone: FvgZone
    }

export class FvgStream {
  readonly options: ResolvedFvgOptions
  private n = 0
  // Candle j − 2 ("a") and j − 1 ("b") when candle j arrives.
  private aHigh = NaN
  private aLow = NaN
  private aClose = NaN
  private bOpen = NaN
  private bHigh = NaN
  private bLow = NaN
  private bClose = NaN
  private bTime = NaN
  // ATR: the last `period` true ranges, TR[j − 1 − period] … TR[j − 2] when candle j arrives.
  private readonly trRing: Float64Array
  private trCount = 0
  // Auto: running sum and count of the non-NaN terms of candles 0 … j.
  private autoSum = 0
  private autoCount = 0
  // The zone on the previous middle candle, not yet eligible for mitigation (null: none).
  private pending: FvgZone | null = null
  private readonly bull = new ZoneHeap()
  private readonly bear = new ZoneHeap()
  /** Zones waiting in the heaps, by heap slot. */
  private readonly open = new Map<number, FvgZone>()
  private nextSlot = 0

  constructor(options?: FvgOptionsInput) {
    this.options = resolveFvgOptions(options)
    this.trRing = new Float64Array(Math.max(1, this.options.atrPeriod))
  }

  /** Number of candles pushed so far (the index the next candle gets). */
  get length(): number {
    return this.n
  }

  /** The zones not mitigated yet, sorted by index (with joinConsecutive, the last may be provisional). */
  openZones(): FvgZone[] {
    const zones = [...this.open.values()]
    if (this.pending) zones.push(this.pending)
    return zones.map((z) => ({ ...z })).sort((x, y) => x.index - y.index)
  }

  /** Pushes every candle of a series, returning all the events in order. */
  pushAll(c: Candles): FvgEvent[] {
    const events: FvgEvent[] = []
    for (let k = 0; k < c.high.length; k++) {
      const ev = this.push({
        time: c.time[k],
        open: c.open[k],
        high: c.high[k],
        low: c.low[k],
        close: c.close[k],
        volume: c.volume[k],
      })
      for (const e of ev) events.push(e)
    }
    return events
  }

  /** Adds the next candle and returns the events it causes. */
  push(candle: Candle): FvgEvent[] {
    const events: FvgEvent[] = []
    const o = this.options
    const j = this.n
    if (o.gapKind === GAP_AUTO) {
      const t = autoTerm(candle.high, candle.low)
      if (t === t) {
        this.autoSum += t
        this.autoCount++
      }
    }
    if (j >= 2) {
      const m = j - 1
      let dir = gapDirection(o.middle, this.aHigh, this.aLow, this.bOpen, this.bClose, candle.high, candle.low)
      let top = 0
      let bottom = 0
      if (dir !== 0) {
        if (dir > 0) {
          top = candle.low
          bottom = this.aHigh
        } else {
          top = this.aLow
          bottom = candle.high
        }
        if (!this.passesMinGap(m, top, bottom)) dir = 0
      }
      const pending = this.pending
      let replaces = -1
      if (pending) {
        if (o.join && dir === pending.direction) {
          top = joinTop(pending.top, top)
          bottom = joinBottom(pending.bottom, bottom)
          replaces = pending.index
        } else {
          this.enqueue(pending)
        }
      }
      this.pending = null
      if (dir !== 0) {
        const zone: FvgZone = {
          index: m + o.labelOffset,
          time: o.labelOffset === 0 ? this.bTime : candle.time,
          direction: dir > 0 ? 1 : -1,
          top,
          bottom,
          mitigatedIndex: null,
          mitigatedTime: null,
        }
        this.pending = zone
        events.push(replaces >= 0 ? { type: 'merged', replaces, zone: { ...zone } } : { type: 'created', zone: { ...zone } })
      }
      this.mitigate(j, candle, events)
    }
    // Shift the window and record TR[j − 1].
    if (j >= 1) this.addTrueRange(j === 1 ? this.bHigh - this.bLow : trueRange(this.bHigh, this.bLow, this.aClose))
    this.aHigh = this.bHigh
    this.aLow = this.bLow
    this.aClose = this.bClose
    this.bOpen = candle.open
    this.bHigh = candle.high
    this.bLow = candle.low
    this.bClose = candle.close
    this.bTime = candle.time
    this.n = j + 1
    return events
  }

  private passesMinGap(m: number, top: number, bottom: number): boolean {
    const o = this.options
    if (o.gapKind === GAP_NONE) return true
    if (o.gapKind === GAP_PERCENT) return passesPercent(top, bottom, o.gapValue)
    if (o.gapKind === GAP_ATR) {
      const period = o.atrPeriod
      if (m < period) return false
      // The ring holds TR[m − period] … TR[m − 1]; sum them oldest first, as the kernel does.
      let sum = 0
      const ring = this.trRing
      const start = this.trCount % period
      for (let k = 0; k < period; k++) sum += ring[(start + k) % period]
      return passesAtr(top, bottom, o.gapValue, sum, period)
    }
    return passesAuto(top, bottom, this.autoSum, this.autoCount)
  }

  private addTrueRange(tr: number): void {
    const period = this.trRing.length
    this.trRing[this.trCount % period] = tr
    this.trCount++
  }

  /** A zone becomes final and waits for mitigation. */
  private enqueue(zone: FvgZone): void {
    const level = mitigationLevel(this.options.mitigation, zone.direction, zone.top, zone.bottom)
    if (level !== level) return // never reached: not tracked
    const slot = this.nextSlot++
    this.open.set(slot, zone)
    if (zone.direction > 0) this.bull.push(level, slot)
    else this.bear.push(-level, slot)
  }

  private mitigate(j: number, candle: Candle, events: FvgEvent[]): void {
    const onClose = mitigatesOnClose(this.options.mitigation)
    const x = onClose ? candle.close : candle.low
    while (this.bull.size > 0 && this.bull.keys[0] >= x) this.resolve(this.bull.pop(), j, candle.time, events)
    const y = -(onClose ? candle.close : candle.high)
    while (this.bear.size > 0 && this.bear.keys[0] >= y) this.resolve(this.bear.pop(), j, candle.time, events)
  }

  private resolve(slot: number, j: number, time: number, events: FvgEvent[]): void {
    const zone = this.open.get(slot)
    if (!zone) return
    this.open.delete(slot)
    events.push({
      type: 'mitigated',
      index: zone.index,
      direction: zone.direction,
      mitigatedIndex: j,
      mitigatedTime: time,
      zone: { ...zone, mitigatedIndex: j, mitigatedTime: time },
    })
  }
}

/** Rebuilds the zone list (sorted by index) from a sequence of stream events. */
export function collectFvgEvents(events: Iterable<FvgEvent>): FvgZone[] {
  const zones = new Map<number, FvgZone>()
  for (const e of events) {
    if (e.type === 'created') zones.set(e.zone.index, { ...e.zone })
    else if (e.type === 'merged') {
      zones.delete(e.replaces)
      zones.set(e.zone.index, { ...e.zone })
    } else {
      const z = zones.get(e.index)
      if (z) {
        z.mitigatedIndex = e.mitigatedIndex
        z.mitigatedTime = e.mitigatedTime
      }
    }
  }
  return [...zones.values()].sort((x, y) => x.index - y.index)
}
