// A split file's range formatted by the worker that scanned it (split.ts): its zone rows as the
// merged file's, once the merge (file-merge.ts) has sent what only it knows: the file's candle
// numbers (the range counts from where it began reading; the file's count needs every earlier
// range) and the mitigation of zones still open at the range's end (decided by later ranges). The
// worker keeps its zones until then (output-turn.ts) and formats them with formatZoneRows
// (scan-output.ts), the one zone-row layout: its bytes are the merged zones' rows.
// (It kept a template of its rows, formatted as the range finished, and filled the numbers in after
// the merge: the template and the fill together cost more than formatting the rows once, ~40 ms of
// a worker's CPU per 1M-candle file in measurement, and each worker formats in parallel anyway.)
import type { ScanJobResult } from './protocol.ts'
import type { SegmentZones } from '../fvg/segments.ts'
import { formatZoneRows } from './scan-output.ts'

/** What the merge decided for one range: sent with its turn. */
export interface RangeFill {
  /** Added to the range's own candle numbers to make them the file's. */
  shift: number
  /** The range holds the file's first zone row (JSON: no comma before it). */
  first: boolean
  /** Zones open at the range's end that a later range mitigates: their row here (ascending), the file's candle and its time. */
  fixRow: Int32Array
  fixIndex: Int32Array
  fixTime: Float64Array
}

/**
 * A held range's result as it goes back to the host: of its zones only those open at the range's
 * end (a later range may mitigate them: a few hundred of a 1M-candle file's 266k zones),
 * with their rows. The worker formats the others itself, so ~11 MB of zones per 1M candles need
 * not be copied to the host, kept, shifted and merged there.
 */
export function keepOpenZones(result: ScanJobResult): void {
  const z = result.zones
  if (!z || !result.fileRange) return
  // One pass (a fresh worker runs it once, cold): the open rows into room for all, then cut to size.
  const all = new Int32Array(z.mitigatedIndex.length)
  let n = 0
  let bullish = 0
  for (let k = 0; k < all.length; k++) {
    if (z.mitigatedIndex[k] < 0) all[n++] = k
    if (z.direction[k] === 1) bullish++
  }
  const rows = all.slice(0, n)
  const pick = <T extends Int32Array | Int8Array | Float64Array>(a: T, out: T): T => {
    for (let j = 0; j < n; j++) out[j] = a[rows[j]]
    return out
  }
  result.zones = {
    index: pick(z.index, new Int32Array(n)), direction: pick(z.direction, new Int8Array(n)),
    top: pick(z.top, new Float64Array(n)), bottom: pick(z.bottom, new Float64Array(n)),
    mitigatedIndex: pick(z.mitigatedIndex, new Int32Array(n)), time: pick(z.time, new Float64Array(n)),
    mitigatedTime: pick(z.mitigatedTime, new Float64Array(n)),
  }
  result.fileRange.openRows = rows
  result.fileRange.bullish = bullish
}

/**
 * The range's zone rows as the merged file's: its zones (candles counted from where the range began
 * reading) moved by the fill's shift, the fixed zones mitigated where a later range decided, then
 * formatted as any zone rows (scan-output.ts formatZoneRows). The held zones are not changed.
 */
export function formatRange(format: 'json' | 'csv', symbol: string, z: SegmentZones, fill: RangeFill): Uint8Array {
  const n = z.index.length
  const index = new Int32Array(n)
  const mitigatedIndex = new Int32Array(n)
  let mitigatedTime = z.mitigatedTime
  for (let k = 0; k < n; k++) {
    index[k] = z.index[k] + fill.shift
    const m = z.mitigatedIndex[k]
    mitigatedIndex[k] = m >= 0 ? m + fill.shift : m
  }
  if (fill.fixRow.length > 0) {
    mitigatedTime = Float64Array.from(z.mitigatedTime)
    for (let f = 0; f < fill.fixRow.length; f++) {
      const k = fill.fixRow[f]
      if (!(k >= 0 && k < n) || z.mitigatedIndex[k] >= 0) throw new Error(`A fill names row ${k}, which is not an open zone of this range.`)
      mitigatedIndex[k] = fill.fixIndex[f]
      mitigatedTime[k] = fill.fixTime[f]
    }
  }
  return formatZoneRows(format, symbol, { ...z, index, mitigatedIndex, mitigatedTime }, 0, n, fill.first)
}

