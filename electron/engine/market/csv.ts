// CSV import: one symbol per file, parsed in one pass over the bytes straight into Float64Arrays.
//
// - Encoding: UTF-8 (a BOM is skipped); UTF-16 files with a BOM are converted first.
// - Lines: LF, CRLF or lone CR. Blank lines are skipped (but still counted for line numbers).
// - Dialects (header or not, delimiter, column roles): see formats.ts.
// - Times: epoch s / ms / µs / ns chosen per value by magnitude, or ISO 8601 (no offset = UTC);
//   see datetime.ts. Must strictly increase and lie in 1970–2200 (MIN/MAX_CANDLE_TIME_MS, shared/limits.ts).
// - Numbers: exactly Number(text) (numbers.ts); with ';' or tab as delimiter a ',' decimal point is accepted.
// - Blank cells: NaN and counted (blankCells, blankByColumn), except a blank time, which is an error.
// - Checks (any failure throws CsvImportError and nothing of the file is imported): text in a number
//   column, a number or time cell longer than MAX_NUMBER_CELL_CHARS, a first line of more than
//   MAX_CSV_COLUMNS columns, a price <= 0, a negative volume, high < low, a time that does not parse, repeats or goes
//   back, a missing column or a row too short to reach it, an empty file or a header without rows.
//   open/close outside [low, high] is NOT an error (some feeds round OHLC independently): such rows are
//   counted in `outsideRangeRows`.

import { basename, extname } from 'node:path'
import type { Candles } from '../../../shared/candles.ts'
import { parseDecimalBytes, POW10, TWO_POW_53 } from './numbers.ts'
import { epochToMs, parseClockBytes, parseIsoBytes, parseTimeBytes } from './datetime.ts'
import { CELL_QUOTE_CHARS, CsvImportError, quoteCell } from './errors.ts'
import { readImportFile } from './read-file.ts'
import { MAX_CANDLE_TIME_MS, MAX_CSV_COLUMNS, MAX_NUMBER_CELL_CHARS, MIN_CANDLE_TIME_MS } from '../../../shared/limits.ts'
import {
  detectDelimiter, planColumns, splitLine,
  ROLE_CLOCK, ROLE_CLOSE, ROLE_COUNT, ROLE_DATE, ROLE_HIGH, ROLE_LOW, ROLE_OPEN, ROLE_TIME, ROLE_VOLUME, ROLE_VOLUME_ALT,
} from './formats.ts'
import type { ColumnPlan, CsvFormat, Delimiter } from './formats.ts'
import { detectInterval } from './timeframe.ts'
import { zoneToUtc } from './timezone.ts'

export interface CsvImportOptions {
  /** Name used in error messages and the result; for parseCsv also the default symbol. */
  file: string
  /** Defaults to the file name without directory and extension. */
  symbol?: string
  /**
   * The zone of the file's wall-clock times (IANA name or UTC offset; timezone.ts), for broker
   * server time. Absent: they are UTC. Times that carry their own zone (epoch numbers, an ISO offset
   * or Z) are then an error, as the option could not apply to them.
   */
  tz?: string
}

export interface ImportResult {
  symbol: string
  file: string
  format: CsvFormat
  delimiter: Delimiter
  /**
   * The series. Its arrays are views of the first `rows` entries of buffers that may be somewhat
   * longer (no final copy): `.slice()` them before transferring an ArrayBuffer elsewhere.
   */
  candles: Candles
  /** Candles imported (= data rows). */
  rows: number
  /** Blank cells in the price and volume columns (each is NaN in `candles`). */
  blankCells: number
  /** Blank cells per column name (only columns that had some). */
  blankByColumn: Record<string, number>
  /** Header names (implied names for headerless files). */
  columns: string[]
  /** Header columns not used for candles. */
  ignoredColumns: string[]
  /** False when the file has no volume column (volume is then all NaN). */
  hasVolume: boolean
  /** Rows whose open or close lies outside [low, high]: kept as they are, not an error. */
  outsideRangeRows: number
  firstTime: number
  lastTime: number
  /** Most common spacing between candles (NaN for a single candle). */
  intervalMs: number
  bytes: number
}

const utf8 = new TextEncoder()

function toBytes(input: Uint8Array | string): Uint8Array {
  if (typeof input === 'string') return utf8.encode(input)
  if (input.length >= 2 && ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff))) {
    const text = new TextDecoder(input[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(input)
    return utf8.encode(text)
  }
  return input
}

function text(buf: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(buf.subarray(start, end))
}

function defaultSymbol(file: string): string {
  const base = basename(file)
  return base.slice(0, base.length - extname(base).length)
}

/** Parses a whole CSV file's content. Throws CsvImportError on any problem (see the header comment). */
export function parseCsv(input: Uint8Array | string, opts: CsvImportOptions): ImportResult {
  const { file } = opts
  const buf = toBytes(input)
  const len = buf.length
  const head = readCsvHead(buf, file)
  const { eol, delimiter, plan, rowsFrom, line } = head
  // Capacity guess from the first data line's length (+20%); the arrays grow if it was too small.
  let sampleEnd = plan.hasHeader ? buf.indexOf(eol, rowsFrom) : head.firstEnd
  if (sampleEnd === -1) sampleEnd = len
  const guess = Math.ceil(((len - rowsFrom) / Math.max(sampleEnd - rowsFrom + 1, 8)) * 1.2) + 16
  const toUtc = opts.tz === undefined ? null : zoneToUtc(opts.tz)
  const r = parseRows(buf, rowsFrom, head.dataLine, eol, delimiter, plan, file, guess, toUtc)
  const n = r.n
  const { index, columns } = plan
  if (n === 0) throw new CsvImportError(file, line + 1, null, null, 'no data rows after the header')

  const volumeCol = chosenVolumeColumn(plan, r.volumeAlt !== null, r.primaryVolumeUsed)
  const vol = volumeCol !== -1 && volumeCol === index[ROLE_VOLUME_ALT] && r.volumeAlt !== null ? r.volumeAlt : r.volume
  const { blankByColumn, blankCells } = blankTotals(plan, r.blank, volumeCol)
  // Views of the first n rows: no copy (the buffers may be a little longer than n).
  const candles: Candles = {
    time: r.time.subarray(0, n), open: r.open.subarray(0, n), high: r.high.subarray(0, n),
    low: r.low.subarray(0, n), close: r.close.subarray(0, n), volume: vol.subarray(0, n),
  }
  const usedCols = new Set(Array.from(index).filter((i) =>
    i !== -1 && (i === volumeCol || (plan.roles[i] !== ROLE_VOLUME && plan.roles[i] !== ROLE_VOLUME_ALT))))
  return {
    symbol: opts.symbol ?? defaultSymbol(file),
    file,
    format: plan.format,
    delimiter,
    candles,
    rows: n,
    blankCells,
    blankByColumn,
    columns: columns.slice(),
    ignoredColumns: plan.hasHeader ? columns.filter((_, i) => !usedCols.has(i)) : [],
    hasVolume: volumeCol !== -1,
    outsideRangeRows: r.outside,
    firstTime: candles.time[0],
    lastTime: candles.time[n - 1],
    intervalMs: detectInterval(candles.time),
    bytes: len,
  }
}

/** Where a CSV's rows start and how to read them, from its first non-blank line. */
export interface CsvHead {
  eol: number
  delimiter: Delimiter
  plan: ColumnPlan
  /** Line of the first non-blank line (the header, or the first row of a headerless file). */
  line: number
  /** End of that line. */
  firstEnd: number
  /** Offset of the first data row, and its line. */
  rowsFrom: number
  dataLine: number
}

/** Reads the first non-blank line of `buf` (a whole file, or its first bytes): delimiter and column plan. */
export function readCsvHead(buf: Uint8Array, file: string): CsvHead {
  const len = buf.length
  let pos = len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0
  const eol = buf.indexOf(10, pos) !== -1 ? 10 : 13
  pos = skipBlankLines(buf, pos, eol)
  const line = 1 + countBetween(buf, 0, pos, eol)
  if (pos >= len) throw new CsvImportError(file, 1, null, null, 'the file is empty')
  let firstEnd = buf.indexOf(eol, pos)
  if (firstEnd === -1) firstEnd = len
  const first = text(buf, pos, firstEnd).replace(/\r$/, '')
  const delimiter = detectDelimiter(first)
  const plan = planColumns(splitLine(first, delimiter, MAX_CSV_COLUMNS + 1), file, line)
  const rowsFrom = plan.hasHeader ? firstEnd + 1 : pos
  return { eol, delimiter, plan, line, firstEnd, rowsFrom, dataLine: plan.hasHeader ? line + 1 : line }
}

/** The volume column read: the primary one unless it is missing or all zero/blank and an alternative exists. */
export function chosenVolumeColumn(plan: ColumnPlan, hasAlt: boolean, primaryVolumeUsed: boolean): number {
  const primary = plan.index[ROLE_VOLUME]
  return hasAlt && (primary === -1 || !primaryVolumeUsed) ? plan.index[ROLE_VOLUME_ALT] : primary
}

/** Blank cells per used column and in all, given the volume column read. */
export function blankTotals(plan: ColumnPlan, blank: Int32Array, volumeCol: number): { blankByColumn: Record<string, number>; blankCells: number } {
  const blankByColumn: Record<string, number> = {}
  let blankCells = 0
  for (let role = ROLE_OPEN; role < ROLE_COUNT; role++) {
    const col = plan.index[role]
    if (col === -1 || blank[role] === 0 || (role >= ROLE_VOLUME && col !== volumeCol)) continue
    blankByColumn[plan.columns[col]] = blank[role]
    blankCells += blank[role]
  }
  return { blankByColumn, blankCells }
}

/** A time cell that names its zone: a plain number (epoch, UTC) or ISO text ending in Z or an offset. */
function hasOwnZone(buf: Uint8Array, s: number, e: number): boolean {
  const last = buf[e - 1]
  if (last === 90 || last === 122) return true // Z z
  let digitsOnly = true
  for (let i = s; i < e; i++) {
    const c = buf[i]
    if ((c === 43 || c === 45) && i >= s + 10) return true // + or - after the date: an offset
    if (!(c >= 48 && c <= 57) && c !== 46 && !(c === 45 && i === s)) digitsOnly = false
  }
  return digitsOnly
}

export interface Rows {
  n: number
  /** The line after the last one read. */
  line: number
  time: Float64Array
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  volume: Float64Array
  volumeAlt: Float64Array | null
  blank: Int32Array
  outside: number
  primaryVolumeUsed: boolean
}

function grow(a: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(size)
  b.set(a)
  return b
}

/**
 * The hot loop. Each cell is first tried as a plain decimal read while scanning (one pass, exact by
 * Clinger's fast path, see numbers.ts); anything else (blank, quoted, padded, ISO date, exponent…)
 * takes the general path. No closures here: captured variables would live in a heap context.
 */
export function parseRows(
  buf: Uint8Array, start: number, firstLine: number, eol: number, delimiter: Delimiter,
  plan: ColumnPlan, file: string, capacity: number, toUtc: ((wallMs: number) => number) | null,
): Rows {
  const len = buf.length
  const D = delimiter.charCodeAt(0)
  const commaDecimal = D !== 44
  const altPoint = commaDecimal ? 44 : 46
  const { roles, used, index } = plan
  const hasDate = index[ROLE_DATE] !== -1
  const hasClock = index[ROLE_CLOCK] !== -1
  const timeCol = hasDate ? index[ROLE_DATE] : index[ROLE_TIME]
  const hasAlt = index[ROLE_VOLUME_ALT] !== -1
  let cap = capacity
  let time = new Float64Array(cap)
  let open = new Float64Array(cap)
  let high = new Float64Array(cap)
  let low = new Float64Array(cap)
  let close = new Float64Array(cap)
  let volume = new Float64Array(cap)
  let volumeAlt = hasAlt ? new Float64Array(cap) : null
  const blank = new Int32Array(ROLE_COUNT)
  const vals = new Float64Array(ROLE_COUNT).fill(NaN)
  let n = 0
  let pos = start
  let line = firstLine
  // Times are whole milliseconds (epochToMs rounds; dates and clocks are whole), so starting just
  // below the lower bound lets one comparison per row check both the order and that bound.
  let prevTime = MIN_CANDLE_TIME_MS - 1
  let prevLine = 0
  let outside = 0
  let primaryVolumeUsed = false

  /** This row's time carries its own zone (an epoch number, an ISO offset or Z). */
  let zoned: boolean
  while (pos < len) {
    let c = buf[pos]
    if (c === 10 || c === 13 || c === 32 || c === 9) {
      const next = skipBlankLines(buf, pos, eol)
      if (next !== pos) {
        line += countBetween(buf, pos, next, eol)
        pos = next
        continue
      }
    }
    const lineStart = pos
    zoned = false
    for (let f = 0; f < used; f++) {
      const role = roles[f]
      let x = NaN
      let done = false
      if (role === ROLE_TIME || role >= ROLE_OPEN) {
        let i = pos
        const neg = buf[i] === 45
        if (neg) i++
        const intFrom = i
        let m = 0
        while (i < len) {
          const d = buf[i] - 48
          if (d < 0 || d > 9) break
          m = m * 10 + d
          i++
        }
        let digits = i - intFrom
        if (i < len && ((c = buf[i]) === 46 || c === altPoint)) {
          const fracFrom = ++i
          while (i < len) {
            const d = buf[i] - 48
            if (d < 0 || d > 9) break
            m = m * 10 + d
            i++
          }
          const frac = i - fracFrom
          digits += frac
          if (digits > 0 && m < TWO_POW_53 && frac <= 22 && (i === len || (c = buf[i]) === D || c === 10 || c === 13)) {
            x = m / POW10[frac]
            done = true
          }
        } else if (digits > 0 && m < TWO_POW_53 && (i === len || (c = buf[i]) === D || c === 10 || c === 13)) {
          x = m
          done = true
        }
        if (done) {
          if (neg) x = -x
          if (role === ROLE_TIME) {
            x = epochToMs(x)
            zoned = true
          }
          pos = i
        }
      }
      if (!done) {
        // General path: find the cell [s, e), trimmed and unquoted; leave pos on its terminator.
        let s = pos
        let e: number
        if (buf[s] === 34) {
          e = buf.indexOf(34, ++s)
          if (e === -1) e = len
          pos = e + 1
          while (pos < len && (c = buf[pos]) !== D && c !== 10 && c !== 13) pos++
        } else {
          e = s
          while (e < len && (c = buf[e]) !== D && c !== 10 && c !== 13) e++
          pos = e
        }
        while (s < e && ((c = buf[s]) === 32 || c === 9)) s++
        while (e > s && ((c = buf[e - 1]) === 32 || c === 9)) e--
        if (role === 0) {
          // ignored column
        } else if (e - s > MAX_NUMBER_CELL_CHARS) {
          throw cellError(file, buf, lineStart, line, delimiter, plan, f, `is longer than ${MAX_NUMBER_CELL_CHARS} characters: no number or time needs that many`)
        } else if (s === e) {
          if (role <= ROLE_CLOCK) throw cellError(file, buf, lineStart, line, delimiter, plan, f, 'is blank: every row needs a time')
          blank[role]++
        } else if (role === ROLE_TIME) {
          x = parseTimeBytes(buf, s, e)
          if (x !== x) throw cellError(file, buf, lineStart, line, delimiter, plan, f, 'is not a time (expected epoch seconds/ms/µs or ISO 8601 like 2024-01-02T13:45:00Z)')
          if (toUtc) zoned = hasOwnZone(buf, s, e)
        } else if (role === ROLE_DATE) {
          x = parseIsoBytes(buf, s, e)
          if (x !== x) throw cellError(file, buf, lineStart, line, delimiter, plan, f, 'is not a date (expected e.g. 2024.01.02 or 2024-01-02)')
        } else if (role === ROLE_CLOCK) {
          x = parseClockBytes(buf, s, e)
          if (x !== x) throw cellError(file, buf, lineStart, line, delimiter, plan, f, 'is not a time of day (expected hh:mm or hh:mm:ss)')
        } else {
          x = parseDecimalBytes(buf, s, e, commaDecimal)
          if (x !== x) throw cellError(file, buf, lineStart, line, delimiter, plan, f, 'is not a number')
        }
      }
      if (role >= ROLE_OPEN && x <= 0) {
        if (role < ROLE_VOLUME) throw cellError(file, buf, lineStart, line, delimiter, plan, f, 'is not positive (prices must be > 0)')
        if (x < 0) throw cellError(file, buf, lineStart, line, delimiter, plan, f, 'is negative (volume must be >= 0)')
      }
      vals[role] = x
      if (pos < len && buf[pos] === D) pos++
      else if (f < used - 1) {
        let missing = f + 1
        while (roles[missing] === 0) missing++
        throw new CsvImportError(file, line, plan.columns[missing], null, `missing: the row ends after ${f + 1} of ${plan.columns.length} columns`)
      }
    }
    // Skip the columns nobody reads and the line end (usually pos is on it already).
    while (pos < len && buf[pos] !== eol) pos++
    pos++

    let t = hasDate ? vals[ROLE_DATE] + (hasClock ? vals[ROLE_CLOCK] : 0) : vals[ROLE_TIME]
    if (toUtc) {
      if (zoned) throw cellError(file, buf, lineStart, line, delimiter, plan, timeCol, 'carries its own time zone (an epoch number, an offset or Z): a time zone option applies only to wall-clock times')
      t = toUtc(t)
    }
    if (!(t > prevTime) || t >= MAX_CANDLE_TIME_MS) {
      throw cellError(file, buf, lineStart, line, delimiter, plan, timeCol,
        !(t >= MIN_CANDLE_TIME_MS && t < MAX_CANDLE_TIME_MS) ? `is not between 1970 and 2200 (read as ${describeTime(t)})`
          : t === prevTime ? `repeats the time of line ${prevLine}` : `is earlier than line ${prevLine} (times must increase)`)
    }
    const o = vals[ROLE_OPEN]
    const h = vals[ROLE_HIGH]
    const l = vals[ROLE_LOW]
    const cl = vals[ROLE_CLOSE]
    const v = vals[ROLE_VOLUME]
    if (h < l) {
      const lowText = cellAt(buf, lineStart, delimiter, index[ROLE_LOW])
      throw cellError(file, buf, lineStart, line, delimiter, plan, index[ROLE_HIGH], `is below low ${quoteCell(lowText)}`)
    }
    if (o < l || o > h || cl < l || cl > h) outside++
    if (v !== 0 && v === v) primaryVolumeUsed = true
    if (n === cap) {
      cap = Math.ceil(cap * 1.5) + 16
      time = grow(time, cap)
      open = grow(open, cap)
      high = grow(high, cap)
      low = grow(low, cap)
      close = grow(close, cap)
      volume = grow(volume, cap)
      if (volumeAlt !== null) volumeAlt = grow(volumeAlt, cap)
    }
    time[n] = t
    open[n] = o
    high[n] = h
    low[n] = l
    close[n] = cl
    volume[n] = v
    if (volumeAlt !== null) volumeAlt[n] = vals[ROLE_VOLUME_ALT]
    n++
    prevTime = t
    prevLine = line
    line++
  }
  return { n, line, time, open, high, low, close, volume, volumeAlt, blank, outside, primaryVolumeUsed }
}

/** Bytes of one cell read back for an error message: enough for CELL_QUOTE_CHARS characters of UTF-8. */
const CELL_READ_BYTES = 4 * CELL_QUOTE_CHARS + 4

/**
 * Cell `col` of the line starting at `lineStart`, unquoted and trimmed as splitLine does, of which at
 * most CELL_READ_BYTES bytes are decoded (error path only: a 50 MB cell must not become a 50 MB
 * message). '' when the line has no such cell.
 */
function cellAt(buf: Uint8Array, lineStart: number, delimiter: Delimiter, col: number): string {
  const D = delimiter.charCodeAt(0)
  const len = buf.length
  let i = lineStart
  let quoted = false
  for (let k = 0; k < col; i++) {
    if (i >= len) return ''
    const c = buf[i]
    if (c === 10 || c === 13) return ''
    if (c === 34) quoted = !quoted
    else if (c === D && !quoted) k++
  }
  while (i < len && (buf[i] === 32 || buf[i] === 9)) i++
  const out = new Uint8Array(CELL_READ_BYTES)
  let n = 0
  quoted = false
  for (; i < len && n < CELL_READ_BYTES; i++) {
    const c = buf[i]
    if (c === 10 || c === 13) break
    if (quoted) {
      if (c !== 34) out[n++] = c
      else if (buf[i + 1] === 34) {
        out[n++] = 34
        i++
      } else quoted = false
    } else if (c === 34) quoted = true
    else if (c === D) break
    else out[n++] = c
  }
  const cell = text(out, 0, n)
  return n < CELL_READ_BYTES ? cell.trim() : cell
}

/** An epoch-ms time for a message: ISO 8601 when a Date can hold it. */
function describeTime(t: number): string {
  return Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : `${t} ms after 1970`
}

function cellError(
  file: string, buf: Uint8Array, lineStart: number, line: number, delimiter: Delimiter,
  plan: ColumnPlan, col: number, reason: string,
): CsvImportError {
  return new CsvImportError(file, line, plan.columns[col], cellAt(buf, lineStart, delimiter, col), reason)
}

/**
 * Reads and parses a file (synchronously: a pool worker loads its data before its first job). Only a
 * regular file within MAX_IMPORT_BYTES is read (FileReadError otherwise, see read-file.ts).
 */
export function importCsvFile(path: string, opts: Partial<CsvImportOptions> = {}): ImportResult {
  return parseCsv(readImportFile(path), { ...opts, file: opts.file ?? path, symbol: opts.symbol ?? defaultSymbol(path) })
}

/** From `pos` (a line start) past every following line that holds only spaces or tabs. */
export function skipBlankLines(buf: Uint8Array, pos: number, eol: number): number {
  const len = buf.length
  let i = pos
  let lineStart = pos
  while (i < len) {
    const c = buf[i]
    if (c === 32 || c === 9 || c === 13 || c === 10) {
      if (c === eol) lineStart = i + 1
      i++
    } else break
  }
  return i >= len ? len : lineStart
}

export function countBetween(buf: Uint8Array, from: number, to: number, eol: number): number {
  let k = 0
  for (let i = from; i < to; i++) if (buf[i] === eol) k++
  return k
}
