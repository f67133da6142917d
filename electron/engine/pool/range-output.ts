// A split file's range formatted by the worker that scanned it (split.ts): all of its zone rows but
// what only the merge knows (file-merge.ts): the file's candle numbers (the range counts from where
// it began reading; the file's count needs every earlier range) and the mitigation of zones still
// open at the range's end (decided by later ranges). The worker keeps the rest as a template; at
// its turn the CLI sends the shift and the fixes and the worker fills the holes and writes the
// bytes (output-turn.ts). Template and fill write the pieces of the one row layout (zone-row.ts), so
// filled, the bytes equal formatZoneRows' (scan-output.ts) of the merged zones; the costly part, the
// prices and times, is formatted in parallel while other ranges scan.
import type { ScanJobResult, ZoneColumns } from './protocol.ts'
import { writeUint } from './number-bytes.ts'
import { ChunkWriter } from './scan-output.ts'
import { ROW_BYTES, put, zoneRowFormat, type ZoneRowFormat } from './zone-row.ts'

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

/** A range's rows with holes (zone-row.ts): each row's middle and end, without its open, index and mitigated index. */
export interface RangeTemplate {
  row: ZoneRowFormat
  /** Per row: the middle, then the end. */
  text: Uint8Array
  midEnd: Int32Array
  rowEnd: Int32Array
  index: Int32Array
  mitigatedIndex: Int32Array
}

export function buildRangeTemplate(format: 'json' | 'csv', symbol: string, z: ZoneColumns): RangeTemplate {
  const n = z.index.length
  const row = zoneRowFormat(format, symbol)
  const out = new ChunkWriter(null, 1024 + n * 120)
  const midEnd = new Int32Array(n)
  const rowEnd = new Int32Array(n)
  for (let k = 0; k < n; k++) {
    const buf = out.reserve(ROW_BYTES)
    midEnd[k] = row.middle(buf, out.pos, z, k)
    out.pos = rowEnd[k] = row.end(buf, midEnd[k], z.mitigatedIndex[k] >= 0, z.mitigatedTime[k])
  }
  return { row, text: out.buf.subarray(0, out.pos), midEnd, rowEnd, index: z.index, mitigatedIndex: z.mitigatedIndex }
}

/**
 * The range's zone rows with the merge's decisions filled in. The template's text is copied once to
 * the end of the output buffer and each row's text moved left into place (copyWithin: a native
 * move, no typed-array object per piece) between the numbers the merge decides; `room` bounds the
 * bytes those add (an open piece and two indexes a row, an end a fixed row), so a move never
 * overwrites text not yet moved. Byte loops instead ran slowly in a worker's first fill, before the
 * JIT had compiled them (~50 ms of ~12 warm for 45k rows).
 */
export function fillRangeTemplate(t: RangeTemplate, fill: RangeFill): Uint8Array {
  const n = t.index.length
  const { row } = t
  const room = n * (row.open(false).length + 24) + fill.fixRow.length * row.endBytes
  const buf = new Uint8Array(room + t.text.length)
  buf.set(t.text, room)
  let pos = 0
  let start = 0
  let f = 0
  for (let k = 0; k < n; k++) {
    pos = put(buf, pos, row.open(fill.first && k === 0))
    pos = writeUint(buf, pos, t.index[k] + fill.shift)
    const mid = t.midEnd[k]
    buf.copyWithin(pos, room + start, room + mid)
    pos += mid - start
    start = t.rowEnd[k]
    const m = t.mitigatedIndex[k]
    if (m < 0 && f < fill.fixRow.length && fill.fixRow[f] === k) {
      pos = row.end(buf, writeUint(buf, pos, fill.fixIndex[f]), true, fill.fixTime[f])
      f++
      continue
    }
    pos = m >= 0 ? writeUint(buf, pos, m + fill.shift) : put(buf, pos, row.notMitigated)
    buf.copyWithin(pos, room + mid, room + start)
    pos += start - mid
  }
  return buf.subarray(0, pos)
}

/**
 * A held range's result as it goes back to the host: of its zones only those open at the range's
 * end (a later range may mitigate them; a 1M-candle file's six ranges hold ~700 of 266k zones),
 * with their rows. The worker formats the others itself, so ~11 MB of zones per 1M candles need
 * not be copied to the host, kept, shifted and merged there.
 */
export function keepOpenZones(result: ScanJobResult): void {
  const z = result.zones
  if (!z || !result.fileRange) return
  let n = 0
  let bullish = 0
  for (let k = 0; k < z.mitigatedIndex.length; k++) {
    if (z.mitigatedIndex[k] < 0) n++
    if (z.direction[k] === 1) bullish++
  }
  const rows = new Int32Array(n)
  for (let k = 0, j = 0; k < z.mitigatedIndex.length; k++) if (z.mitigatedIndex[k] < 0) rows[j++] = k
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
