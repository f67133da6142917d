// One long series scanned as segments on several workers, merged into exactly the zones of a
// whole-series scan.
//
// Segment [from, to) runs the kernel's steps j = from … to − 1 (kernel.ts) on candles loaded from
// `from − context`: the zones it finds are those a whole scan confirms at those steps, and their
// mitigation by candles up to to − 1 is already right. What it cannot know is a zone still open at
// `to`. For that, each segment also reports its record prices: every candle whose low (close under
// full-close) is below all earlier ones in the segment, and likewise for highs. The first candle j
// whose price reaches a bullish level (price ≤ level) is such a record, since every candle before
// it is above the level; so an open zone's mitigation is a binary search in the records of each
// later segment, in order. Record lists are short (about √n for a random walk), NaN prices are
// skipped as the kernel skips them, and a NaN level is never reached.
//
// Only options whose zones depend on a bounded window split: joinConsecutive can join a zone to
// one in the next segment, and the auto minimum gap is a mean over every earlier candle.
import type { Candles } from '../../../shared/candles.ts'
import { detectFvgsResolved } from './kernel.ts'
import { mitigatesOnClose, mitigationLevel } from './mitigation.ts'
import { GAP_ATR, GAP_AUTO } from './options.ts'
import type { ResolvedFvgOptions } from './options.ts'
import { drain, type Steps } from '../time-slices.ts'

/** Zones in absolute indexes, with their candle times; what a scan job returns (pool/protocol.ts ScanJobResult.zones). */
export interface SegmentZones {
  index: Int32Array
  /** 1 bullish, −1 bearish. */
  direction: Int8Array
  top: Float64Array
  bottom: Float64Array
  /** −1 when not mitigated. */
  mitigatedIndex: Int32Array
  time: Float64Array
  /** NaN when not mitigated. */
  mitigatedTime: Float64Array
}

/** Record prices of a segment, strictly falling (lows) or rising (highs), with their candles. */
export interface Records {
  index: Int32Array
  price: Float64Array
  time: Float64Array
}

export interface SegmentScan {
  from: number
  to: number
  zones: SegmentZones
  /** Record lows (closes under full-close): where bullish zones get mitigated. */
  lows: Records
  /** Record highs (closes under full-close): where bearish zones get mitigated. */
  highs: Records
}

export function canSplit(opts: ResolvedFvgOptions): boolean {
  return !opts.join && opts.gapKind !== GAP_AUTO
}

/** Candles a segment needs before its first step: the first gap's two, plus the ATR window. */
export function segmentContext(opts: ResolvedFvgOptions): number {
  return opts.gapKind === GAP_ATR ? opts.atrPeriod + 2 : 2
}

/** Cuts 0 … count into segments of `size` candles (the last one shorter). */
export function planSegments(count: number, size: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = []
  for (let from = 0; from < count; from += size) out.push({ from, to: Math.min(count, from + size) })
  return out
}

/**
 * Scans segment [from, to) given its candles from `start` = max(0, from − segmentContext(opts))
 * up to `to` (so `c` holds to − start candles).
 */
export function scanSegment(c: Candles, start: number, from: number, opts: ResolvedFvgOptions): SegmentScan {
  const n = c.time.length
  const to = start + n
  const r = detectFvgsResolved(c, opts, from - start)
  const zones: SegmentZones = {
    index: r.index,
    direction: r.direction,
    top: r.top,
    bottom: r.bottom,
    mitigatedIndex: r.mitigatedIndex,
    time: new Float64Array(r.count),
    mitigatedTime: new Float64Array(r.count),
  }
  for (let k = 0; k < r.count; k++) {
    zones.time[k] = c.time[r.index[k]]
    const m = r.mitigatedIndex[k]
    zones.mitigatedTime[k] = m >= 0 ? c.time[m] : NaN
    r.index[k] += start
    if (m >= 0) r.mitigatedIndex[k] = m + start
  }
  const onClose = mitigatesOnClose(opts.mitigation)
  const first = Math.max(0, from - start)
  const lows = new RecordList()
  const highs = new RecordList()
  // One pass for both (a fresh worker's range runs each loop once, cold: two passes cost ~2×).
  const lowPrice = onClose ? c.close : c.low
  const highPrice = onClose ? c.close : c.high
  const time = c.time
  let low = NaN
  let high = NaN
  for (let j = first; j < n; j++) {
    const p = lowPrice[j]
    if (p === p && !(p >= low)) {
      low = p
      lows.push(j + start, p, time[j])
    }
    const q = highPrice[j]
    if (q === q && !(q <= high)) {
      high = q
      highs.push(j + start, q, time[j])
    }
  }
  return { from, to, zones, lows: lows.records(), highs: highs.records() }
}

/**
 * Running extremes (records) in arrays that double when full: a series has a few hundred records,
 * not a copy each. `!(p >= low)` is "p < low, or no record yet (low is NaN)"; NaN prices are skipped.
 */
class RecordList {
  private cap = 256
  private index = new Int32Array(256)
  private price = new Float64Array(256)
  private time = new Float64Array(256)
  private count = 0

  push(index: number, price: number, time: number): void {
    if (this.count === this.cap) {
      this.cap *= 2
      this.index = grown(this.index, new Int32Array(this.cap))
      this.price = grown(this.price, new Float64Array(this.cap))
      this.time = grown(this.time, new Float64Array(this.cap))
    }
    this.index[this.count] = index
    this.price[this.count] = price
    this.time[this.count++] = time
  }

  records(): Records {
    return { index: this.index.slice(0, this.count), price: this.price.slice(0, this.count), time: this.time.slice(0, this.count) }
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from)
  return to
}

/** The first record reaching `level` (lows: price ≤ level; highs: price ≥ level), or −1. */
function firstReaching(r: Records, level: number, bullish: boolean): number {
  let lo = 0
  let hi = r.price.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const p = r.price[mid]
    if (bullish ? p <= level : p >= level) hi = mid
    else lo = mid + 1
  }
  return lo < r.price.length && (bullish ? r.price[lo] <= level : r.price[lo] >= level) ? lo : -1
}

/** Joins the scans of consecutive segments (in order) into the whole series' zones. */
export function mergeSegments(parts: readonly SegmentScan[], opts: ResolvedFvgOptions): SegmentZones {
  return drain(mergeSegmentsInSteps(parts, opts))
}

/** mergeSegments in steps of one segment each (engine/time-slices.ts), for the engine's thread. */
export function* mergeSegmentsInSteps(parts: readonly SegmentScan[], opts: ResolvedFvgOptions): Steps<SegmentZones> {
  let total = 0
  for (let s = 0; s < parts.length; s++) {
    if (s > 0 && parts[s].from !== parts[s - 1].to) throw new RangeError(`segments are not consecutive at ${parts[s].from}`)
    total += parts[s].zones.index.length
  }
  const out: SegmentZones = {
    index: new Int32Array(total),
    direction: new Int8Array(total),
    top: new Float64Array(total),
    bottom: new Float64Array(total),
    mitigatedIndex: new Int32Array(total),
    time: new Float64Array(total),
    mitigatedTime: new Float64Array(total),
  }
  let k = 0
  for (let s = 0; s < parts.length; s++) {
    const z = parts[s].zones
    const n = z.index.length
    out.index.set(z.index, k)
    out.direction.set(z.direction, k)
    out.top.set(z.top, k)
    out.bottom.set(z.bottom, k)
    out.mitigatedIndex.set(z.mitigatedIndex, k)
    out.time.set(z.time, k)
    out.mitigatedTime.set(z.mitigatedTime, k)
    for (let q = k; q < k + n; q++) {
      if (out.mitigatedIndex[q] >= 0) continue
      const bullish = out.direction[q] > 0
      const level = mitigationLevel(opts.mitigation, out.direction[q], out.top[q], out.bottom[q])
      for (let t = s + 1; t < parts.length; t++) {
        const rec = bullish ? parts[t].lows : parts[t].highs
        const i = firstReaching(rec, level, bullish)
        if (i >= 0) {
          out.mitigatedIndex[q] = rec.index[i]
          out.mitigatedTime[q] = rec.time[i]
          break
        }
      }
    }
    k += n
    yield
  }
  return out
}
