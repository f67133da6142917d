// The batch FVG kernel: one forward sweep over the candle columns, O(n + F log F) including
// mitigation (F = number of zones), no allocation per candle.
//
// At step j (2 ≤ j < n) candle j is the confirming third of the gap on the middle candle m = j − 1:
//   1. the gap on m is detected (rules.ts) and filtered (min-gap.ts);
//   2. the zone pending from m − 1 is settled: with joinConsecutive, a same-direction gap on m
//      absorbs it (rules.ts); otherwise it is final: written out and queued for mitigation, since
//      candle j = (m − 1) + 2 is the first that can mitigate it;
//   3. candle j removes every queued zone whose mitigation level it reaches (mitigation.ts).
// After the sweep the zone pending from n − 2 is written out, unmitigated (no candle after n − 1).
// Labels: index = the middle candle i (label 'middle') or i + 1, the confirming third (label
// 'third'); the mitigation search starts at i + 2 either way. For a joined zone, i is the last
// middle candle of the run. Zones come out sorted by index.
//
// The sweep runs in chunks of CHUNK candles, its loop variables saved in a SweepState between
// chunks. Calling the loop function many times lets V8 optimise it as a whole function; a single
// long loop would often only get on-stack-replacement code, measured ~40 % slower.
import type { Candles } from '../../../shared/candles.ts'
import type { FvgZone } from '../../../shared/fvg.ts'
import { ZoneColumns } from './columns.ts'
import type { FvgResult } from './columns.ts'
import { ZoneQueue } from './heap.ts'
import { autoTerm, passesAtr, passesAuto, passesPercent, trueRangeSum } from './min-gap.ts'
import { mitigatesOnClose, mitigationLevel } from './mitigation.ts'
import { GAP_ATR, GAP_AUTO, GAP_NONE, GAP_PERCENT } from './options.ts'
import type { ResolvedFvgOptions } from './options.ts'
import { gapDirection, joinBottom, joinTop } from './rules.ts'

export type { FvgResult } from './columns.ts'

const CHUNK = 8192

/** Everything the sweep carries from one chunk to the next. */
class SweepState {
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  /** Price a bullish zone's level is compared with: low, or close under full-close. */
  readonly bullPrice: Float64Array
  /** Price a bearish zone's level is compared with: high, or close under full-close. */
  readonly bearPrice: Float64Array
  readonly opts: ResolvedFvgOptions
  readonly out: ZoneColumns
  /** Bullish zones keyed by level; bearish zones keyed by −level. */
  readonly bull = new ZoneQueue(256)
  readonly bear = new ZoneQueue(256)
  bullMax = -Infinity
  bearMax = -Infinity
  /** Auto minimum gap: sum and count of the non-NaN terms of candles 0 … j − 1. */
  autoSum = 0
  autoCount = 0
  /** The zone found on the previous middle candle, not yet written out (pDir = 0: none). */
  pDir = 0
  pTop = 0
  pBottom = 0
  pIndex = 0

  constructor(c: Candles, opts: ResolvedFvgOptions) {
    this.open = c.open
    this.high = c.high
    this.low = c.low
    this.close = c.close
    this.bullPrice = mitigatesOnClose(opts.mitigation) ? c.close : c.low
    this.bearPrice = mitigatesOnClose(opts.mitigation) ? c.close : c.high
    this.opts = opts
    this.out = new ZoneColumns(Math.max(64, c.high.length >> 2))
  }
}

/**
 * detectFvgs (validate.ts) with options already resolved (for callers that scan many series). `firstStep` > 2
 * scans a segment (segments.ts): only the steps j ≥ firstStep run, so the zones are those confirmed
 * by candles firstStep … n − 1 and only those candles mitigate; the candles before are context.
 */
export function detectFvgsResolved(c: Candles, opts: ResolvedFvgOptions, firstStep = 2): FvgResult {
  const n = c.high.length
  if (c.open.length !== n || c.low.length !== n || c.close.length !== n) {
    throw new RangeError('detectFvgs: open, high, low and close must have the same length')
  }
  // The auto threshold is a mean over every candle from the first: a segment cannot know it.
  if (firstStep > 2 && opts.gapKind === GAP_AUTO) throw new RangeError('detectFvgs: the auto minimum gap cannot scan a segment')
  const s = new SweepState(c, opts)
  if (opts.gapKind === GAP_AUTO) {
    for (let k = 0; k < 2 && k < n; k++) {
      const t = autoTerm(c.high[k], c.low[k])
      if (t === t) {
        s.autoSum += t
        s.autoCount++
      }
    }
  }
  for (let from = Math.max(2, firstStep); from < n; from += CHUNK) sweep(s, from, Math.min(n, from + CHUNK))
  if (s.pDir !== 0) s.out.add(s.pIndex + opts.labelOffset, s.pDir, s.pTop, s.pBottom)
  return s.out.result()
}

/** Steps j = from … to − 1 of the sweep (see the top of this file). */
function sweep(s: SweepState, from: number, to: number): void {
  const { open, high, low, close, bullPrice, bearPrice, out, bull, bear } = s
  const { middle, gapKind, gapValue, atrPeriod, join, labelOffset, mitigation: rule } = s.opts
  let { bullMax, bearMax, autoSum, autoCount, pDir, pTop, pBottom, pIndex } = s

  for (let j = from; j < to; j++) {
    const m = j - 1
    if (gapKind === GAP_AUTO) {
      const t = autoTerm(high[j], low[j])
      if (t === t) {
        autoSum += t
        autoCount++
      }
    }

    // 1. Detection on m.
    let dir = gapDirection(middle, high[m - 1], low[m - 1], open[m], close[m], high[j], low[j])
    let top = 0
    let bottom = 0
    if (dir !== 0) {
      if (dir > 0) {
        top = low[j]
        bottom = high[m - 1]
      } else {
        top = low[m - 1]
        bottom = high[j]
      }
      if (gapKind !== GAP_NONE) {
        let ok: boolean
        if (gapKind === GAP_PERCENT) ok = passesPercent(top, bottom, gapValue)
        else if (gapKind === GAP_ATR) {
          ok = m >= atrPeriod && passesAtr(top, bottom, gapValue, trueRangeSum(high, low, close, m, atrPeriod), atrPeriod)
        } else ok = passesAuto(top, bottom, autoSum, autoCount)
        if (!ok) dir = 0
      }
    }

    // 2. Settle the zone pending from m − 1.
    if (pDir !== 0) {
      if (join && dir === pDir) {
        top = joinTop(pTop, top)
        bottom = joinBottom(pBottom, bottom)
      } else {
        const slot = out.add(pIndex + labelOffset, pDir, pTop, pBottom)
        const level = mitigationLevel(rule, pDir, pTop, pBottom)
        if (level === level) {
          if (pDir > 0) {
            bull.push(level, slot)
            if (level > bullMax) bullMax = level
          } else {
            bear.push(-level, slot)
            if (-level > bearMax) bearMax = -level
          }
        }
      }
    }
    pDir = dir
    pTop = top
    pBottom = bottom
    pIndex = m

    // 3. Mitigation by candle j (a NaN price compares false: the candle is skipped).
    const x = bullPrice[j]
    if (bullMax >= x) bullMax = bull.drainAtLeast(x, out.mitigated, j)
    const y = -bearPrice[j]
    if (bearMax >= y) bearMax = bear.drainAtLeast(y, out.mitigated, j)
  }

  s.bullMax = bullMax
  s.bearMax = bearMax
  s.autoSum = autoSum
  s.autoCount = autoCount
  s.pDir = pDir
  s.pTop = pTop
  s.pBottom = pBottom
  s.pIndex = pIndex
}

/** The zones as objects, with times taken from `time` (the series' time column). */
export function toZones(result: FvgResult, time: Float64Array): FvgZone[] {
  const zones: FvgZone[] = new Array<FvgZone>(result.count)
  for (let k = 0; k < result.count; k++) {
    const index = result.index[k]
    const mi = result.mitigatedIndex[k]
    zones[k] = {
      index,
      time: time[index],
      direction: result.direction[k] > 0 ? 1 : -1,
      top: result.top[k],
      bottom: result.bottom[k],
      mitigatedIndex: mi >= 0 ? mi : null,
      mitigatedTime: mi >= 0 ? time[mi] : null,
    }
  }
  return zones
}
