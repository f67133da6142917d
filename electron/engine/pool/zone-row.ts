// The layout of one zone row of `gapwatch scan`'s output, declared once for JSON and CSV. A row is
// five pieces in this order, so that a split file's range can keep the middle and the end as a
// template and fill in the rest when the merge has decided it (range-output.ts):
//   open · index · middle · mitigated index · end
// JSON: {"index":1,"time":…,"direction":1,"top":…,"bottom":…,"mitigatedIndex":null,"mitigatedTime":null}
// CSV:  symbol,1,<iso time>,1,<top>,<bottom>,,\n
// Whole rows (scan-output.ts) and templates (range-output.ts) are both written by these writers.
import { MAX_NUMBER_BYTES, writeNumber, writeUint } from './number-bytes.ts'
import type { SegmentZones } from '../fvg/segments.ts'

/** The fields of a zone row, in order: JSON keys, and CSV's header in snake case. */
export const ZONE_FIELDS = ['index', 'time', 'direction', 'top', 'bottom', 'mitigatedIndex', 'mitigatedTime'] as const

/** CSV's first line: the symbol, then the zone fields. */
export const CSV_HEADER = `${['symbol', ...ZONE_FIELDS].map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(',')}\n`

export const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '')

const encoder = new TextEncoder()

/** Short constant fragments: a plain loop beats TypedArray.set's call overhead at this size. */
export function put(buf: Uint8Array, pos: number, b: Uint8Array): number {
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
export function csvSymbol(symbol: string): string {
  return symbol.includes(',') || symbol.includes('"') ? `"${symbol.replaceAll('"', '""')}"` : symbol
}

/** The longest ISO time (a six-digit year: "+275760-09-13T00:00:00.000Z"). */
const MAX_ISO_BYTES = 27

/**
 * One format's writers of a row's pieces. Each takes the buffer and a position and returns the
 * position after what it wrote; the caller makes room first (`open(…).length + ROW_BYTES`).
 */
export interface ZoneRowFormat {
  /** Before the index: JSON's `{"index":` (with a comma before all rows but the file's first), CSV's symbol cell. */
  open(first: boolean): Uint8Array
  /** After the index up to the mitigated index: time, direction, top, bottom. */
  middle(buf: Uint8Array, pos: number, z: SegmentZones, k: number): number
  /** The mitigated index of a zone still open (JSON null, CSV an empty cell). */
  notMitigated: Uint8Array
  /** After the mitigated index: the mitigated time (unless `mitigated` is false) and the row's end. */
  end(buf: Uint8Array, pos: number, mitigated: boolean, time: number): number
  /** The most bytes `end` writes. */
  endBytes: number
}

/** One row's bytes beyond its open piece, at the most: the fixed text plus six numbers at their longest. */
export const ROW_BYTES = 128 + 6 * MAX_NUMBER_BYTES

const key = (f: (typeof ZONE_FIELDS)[number]) => encoder.encode(`,"${f}":`)
const [, TIME, DIRECTION, TOP, BOTTOM, MITIGATED_INDEX, MITIGATED_TIME] = ZONE_FIELDS.map(key)
const OPEN_NEXT = encoder.encode(`,{"${ZONE_FIELDS[0]}":`)
const OPEN_FIRST = OPEN_NEXT.subarray(1)
const NULL = encoder.encode('null')

const json: ZoneRowFormat = {
  open: (first) => (first ? OPEN_FIRST : OPEN_NEXT),
  middle(buf, pos, z, k) {
    pos = writeNumber(buf, put(buf, pos, TIME), z.time[k])
    pos = writeNumber(buf, put(buf, pos, DIRECTION), z.direction[k])
    pos = writeNumber(buf, put(buf, pos, TOP), z.top[k])
    pos = writeNumber(buf, put(buf, pos, BOTTOM), z.bottom[k])
    return put(buf, pos, MITIGATED_INDEX)
  },
  notMitigated: NULL,
  end(buf, pos, mitigated, time) {
    pos = put(buf, pos, MITIGATED_TIME)
    pos = mitigated ? writeNumber(buf, pos, time) : put(buf, pos, NULL)
    buf[pos++] = 125 // }
    return pos
  },
  endBytes: MITIGATED_TIME.length + MAX_NUMBER_BYTES + 1,
}

const COMMA = 44
const NEWLINE = 10

/** CSV of a symbol: numbers as String(v) prints them (writeNumber: exact copies of the input's prices), times in ISO. */
function csv(symbol: string): ZoneRowFormat {
  const cell = encoder.encode(`${csvSymbol(symbol)},`)
  return {
    open: () => cell,
    middle(buf, pos, z, k) {
      buf[pos++] = COMMA
      pos = putIso(buf, pos, z.time[k])
      buf[pos++] = COMMA
      pos = writeNumber(buf, pos, z.direction[k])
      buf[pos++] = COMMA
      pos = writeNumber(buf, pos, z.top[k])
      buf[pos++] = COMMA
      pos = writeNumber(buf, pos, z.bottom[k])
      buf[pos++] = COMMA
      return pos
    },
    notMitigated: new Uint8Array(0),
    end(buf, pos, mitigated, time) {
      buf[pos++] = COMMA
      if (mitigated) pos = putIso(buf, pos, time)
      buf[pos++] = NEWLINE
      return pos
    },
    endBytes: MAX_ISO_BYTES + 2,
  }
}

export function zoneRowFormat(format: 'json' | 'csv', symbol: string): ZoneRowFormat {
  return format === 'json' ? json : csv(symbol)
}

/**
 * Zone rows from … to − 1 into `out` (made room for by `reserve`, at `out.pos`); `first`: row
 * `from` is the file's first.
 */
export function writeZoneRows(
  out: { pos: number; reserve(n: number): Uint8Array }, f: ZoneRowFormat, z: SegmentZones, from: number, to: number, first: boolean,
): void {
  const rowBytes = ROW_BYTES + f.open(false).length
  for (let k = from; k < to; k++) {
    const buf = out.reserve(rowBytes)
    let pos = put(buf, out.pos, f.open(first && k === from))
    pos = f.middle(buf, writeUint(buf, pos, z.index[k]), z, k)
    const m = z.mitigatedIndex[k]
    pos = m >= 0 ? writeUint(buf, pos, m) : put(buf, pos, f.notMitigated)
    out.pos = f.end(buf, pos, m >= 0, z.mitigatedTime[k])
  }
}
