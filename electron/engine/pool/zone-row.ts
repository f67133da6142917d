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

/** A first character that makes a spreadsheet read the cell as a formula (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/
/** Characters that end or split a cell unless it is quoted (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/

/**
 * A symbol (a file's name: `gapwatch scan` takes it from the path) as a CSV cell: one that a
 * spreadsheet would read as a formula (`=cmd|' /C calc'!A0`) is prefixed with ' so it is text, and
 * one holding a comma, a quote, CR or LF is quoted (RFC 4180): a bare line break once split each of
 * its rows in two, and a formula name was written as is.
 */
export function csvTextCell(text: string): string {
  const cell = FORMULA_START.test(text) ? `'${text}` : text
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
}

/** One row's bytes at the most: the fixed text plus six numbers at their longest (CSV adds its symbol cell). */
const ROW_BYTES = 128 + 6 * MAX_NUMBER_BYTES

const key = (f: (typeof ZONE_FIELDS)[number]) => encoder.encode(`,"${f}":`)
const [, TIME, DIRECTION, TOP, BOTTOM, MITIGATED_INDEX, MITIGATED_TIME] = ZONE_FIELDS.map(key)
const OPEN_NEXT = encoder.encode(`,{"${ZONE_FIELDS[0]}":`)
const OPEN_FIRST = OPEN_NEXT.subarray(1)
/** An open zone's end of row: both mitigation fields null. */
const OPEN_ZONE_END = encoder.encode(`,"${ZONE_FIELDS[5]}":null,"${ZONE_FIELDS[6]}":null}`)
/** A direction (always 1 or −1) as its text, so writeNumber sees only the prices and times. */
const BULLISH = encoder.encode('1')
const BEARISH = encoder.encode('-1')
const COMMA = 44
const NEWLINE = 10

/** Writes row k at `pos` (room made by the caller) and returns the position after it. */
type RowWriter = (buf: Uint8Array, pos: number, z: SegmentZones, k: number, first: boolean) => number

// The row writers make the same calls on every row, whatever the zone: a call reached only by some
// rows (an open zone's nulls, a bearish direction's minus sign) has no type feedback until the first
// such row, and V8 then throws away the optimised writer and compiles it again, several times over a
// file's first rows; a fresh worker formatted its first 1M-candle half at about half speed for that.

/** JSON: a comma before every row but the file's first. */
const jsonRow: RowWriter = (buf, pos, z, k, first) => {
  pos = writeUint(buf, put(buf, pos, first ? OPEN_FIRST : OPEN_NEXT), z.index[k])
  pos = writeNumber(buf, put(buf, pos, TIME), z.time[k])
  pos = put(buf, put(buf, pos, DIRECTION), z.direction[k] > 0 ? BULLISH : BEARISH)
  pos = writeNumber(buf, put(buf, pos, TOP), z.top[k])
  pos = writeNumber(buf, put(buf, pos, BOTTOM), z.bottom[k])
  const m = z.mitigatedIndex[k]
  // An open zone writes its nulls and ends its row; a mitigated one writes its two numbers.
  pos = put(buf, pos, m >= 0 ? MITIGATED_INDEX : OPEN_ZONE_END)
  if (m < 0) return pos
  pos = writeNumber(buf, put(buf, writeUint(buf, pos, m), MITIGATED_TIME), z.mitigatedTime[k])
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
    pos = put(buf, pos, z.direction[k] > 0 ? BULLISH : BEARISH)
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
  const cell = format === 'csv' ? encoder.encode(`${csvTextCell(symbol)},`) : OPEN_NEXT
  const row = format === 'csv' ? csvRow(cell) : jsonRow
  const rowBytes = ROW_BYTES + cell.length
  for (let k = from; k < to; k++) out.pos = row(out.reserve(rowBytes), out.pos, z, k, first && k === from)
}
