// The layout of one zone row of `gapwatch scan`'s output, declared once for JSON and CSV, and its
// writers (scan-output.ts writes whole files' rows and a split file's range's rows with them):
// JSON: {"index":1,"time":…,"direction":1,"top":…,"bottom":…,"mitigatedIndex":null,"mitigatedTime":null}
// CSV:  symbol,1,<iso time>,1,<top>,<bottom>,,\n
import { MAX_NUMBER_BYTES, writeNumber, writeUint } from './number-bytes.ts'
import type { SegmentZones } from '../fvg/segments.ts'

/** The fields of a zone row, in order: JSON keys, and CSV's header in snake case. */
export const ZONE_FIELDS = ['index', 'time', 'direction', 'top', 'bottom', 'mitigatedIndex', 'mitigatedTime'] as const

/** CSV's first line: the symbol, then the zone fields. */
export const CSV_HEADER = `${['symbol', ...ZONE_FIELDS].map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(',')}\n`

export const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '')

const encoder = new TextEncoder()

/** Short constant fragments: a plain loop beats TypedArray.set's call overhead at this size. */
function put(buf: Uint8Array, pos: number, b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) buf[pos++] = b[i]
  return pos
}

/** An ISO time ('' when not finite), ASCII only. */
function putIso(buf: Uint8Array, pos: number, ms: number): number {
  const s = iso(ms)
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i)
  return pos
}

/** A symbol as a CSV cell (quoted when it holds a comma or a quote). */
function csvSymbol(symbol: string): string {
  return symbol.includes(',') || symbol.includes('"') ? `"${symbol.replaceAll('"', '""')}"` : symbol
}

/** One row's bytes at the most: the fixed text plus six numbers at their longest (CSV adds its symbol cell). */
const ROW_BYTES = 128 + 6 * MAX_NUMBER_BYTES

const key = (f: (typeof ZONE_FIELDS)[number]) => encoder.encode(`,"${f}":`)
const [, TIME, DIRECTION, TOP, BOTTOM, MITIGATED_INDEX, MITIGATED_TIME] = ZONE_FIELDS.map(key)
const OPEN_NEXT = encoder.encode(`,{"${ZONE_FIELDS[0]}":`)
const OPEN_FIRST = OPEN_NEXT.subarray(1)
const NULL = encoder.encode('null')
const COMMA = 44
const NEWLINE = 10

/** Writes row k at `pos` (room made by the caller) and returns the position after it. */
type RowWriter = (buf: Uint8Array, pos: number, z: SegmentZones, k: number, first: boolean) => number

/** JSON: a comma before every row but the file's first. */
const jsonRow: RowWriter = (buf, pos, z, k, first) => {
  pos = writeUint(buf, put(buf, pos, first ? OPEN_FIRST : OPEN_NEXT), z.index[k])
  pos = writeNumber(buf, put(buf, pos, TIME), z.time[k])
  pos = writeNumber(buf, put(buf, pos, DIRECTION), z.direction[k])
  pos = writeNumber(buf, put(buf, pos, TOP), z.top[k])
  pos = writeNumber(buf, put(buf, pos, BOTTOM), z.bottom[k])
  const m = z.mitigatedIndex[k]
  pos = put(buf, pos, MITIGATED_INDEX)
  pos = m >= 0 ? writeUint(buf, pos, m) : put(buf, pos, NULL)
  pos = put(buf, pos, MITIGATED_TIME)
  pos = m >= 0 ? writeNumber(buf, pos, z.mitigatedTime[k]) : put(buf, pos, NULL)
  buf[pos++] = 125 // }
  return pos
}

/** CSV of a symbol: numbers as String(v) prints them (writeNumber: exact copies of the input's prices), times in ISO. */
function csvRow(cell: Uint8Array): RowWriter {
  return (buf, pos, z, k) => {
    pos = writeUint(buf, put(buf, pos, cell), z.index[k])
    buf[pos++] = COMMA
    pos = putIso(buf, pos, z.time[k])
    buf[pos++] = COMMA
    pos = writeNumber(buf, pos, z.direction[k])
    buf[pos++] = COMMA
    pos = writeNumber(buf, pos, z.top[k])
    buf[pos++] = COMMA
    pos = writeNumber(buf, pos, z.bottom[k])
    buf[pos++] = COMMA
    const m = z.mitigatedIndex[k]
    if (m >= 0) pos = writeUint(buf, pos, m)
    buf[pos++] = COMMA
    if (m >= 0) pos = putIso(buf, pos, z.mitigatedTime[k])
    buf[pos++] = NEWLINE
    return pos
  }
}

/**
 * Zone rows from … to − 1 into `out` (made room for by `reserve`, at `out.pos`) in JSON or CSV (with
 * `symbol` as each row's first cell); `first`: row `from` is the file's first.
 */
export function writeZoneRows(
  out: { pos: number; reserve(n: number): Uint8Array }, format: 'json' | 'csv', symbol: string, z: SegmentZones, from: number, to: number, first: boolean,
): void {
  const cell = format === 'csv' ? encoder.encode(`${csvSymbol(symbol)},`) : OPEN_NEXT
  const row = format === 'csv' ? csvRow(cell) : jsonRow
  const rowBytes = ROW_BYTES + cell.length
  for (let k = from; k < to; k++) out.pos = row(out.reserve(rowBytes), out.pos, z, k, first && k === from)
}
