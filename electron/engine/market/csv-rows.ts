// The hot loop of the CSV import (csv.ts): a file's data rows, in one pass over the bytes, into
// Float64Arrays, every check of a cell on the way (the header comment of csv.ts lists them), an
// error naming the file, line, column and cell; and the line scanning it shares with the head.
import { parseDecimalBytes, POW10, TWO_POW_53 } from './numbers.ts'
import { epochToMs, parseClockBytes, parseIsoBytes, parseTimeBytes } from './datetime.ts'
import { CELL_QUOTE_CHARS, CsvImportError, quoteCell } from './errors.ts'
import { MAX_CANDLE_TIME_MS, MAX_NUMBER_CELL_CHARS, MIN_CANDLE_TIME_MS } from '../../../shared/limits.ts'
import { ROLE_CLOCK, ROLE_CLOSE, ROLE_COUNT, ROLE_DATE, ROLE_HIGH, ROLE_LOW, ROLE_OPEN, ROLE_TIME, ROLE_VOLUME, ROLE_VOLUME_ALT } from './formats.ts'
import type { ColumnPlan, Delimiter } from './formats.ts'
import type { ZoneConverter } from './timezone.ts'
import type { Candles } from '../../../shared/candles.ts'

/** The parser's state: the candle columns (shared/candles.ts, grown as rows come) and what it counts beside them. */
export interface Rows extends Candles {
  n: number
  /** The line after the last one read. */
  line: number
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
  plan: ColumnPlan, file: string, capacity: number, toUtc: ZoneConverter | null,
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
  // The first quote at or after the last row's unread columns (len: none), so that a row without
  // one in them skips them as fast as the file had none.
  let nextQuote = -1
  // Line feeds inside this row's quoted cells so far: a cell's message names the line the cell
  // starts on, a row's (its time's order, high below low) the row's first, the next row the line
  // after its last.
  let rowLines: number

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
    rowLines = 0
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
          // A quoted cell (csv-cut.ts follows the same rules): to the next quote not doubled ("" is
          // a quote in it), then nothing but spaces before the delimiter or the line end. Else a
          // stray quote would take the text up to the next quote anywhere in the file, rows and all.
          e = closingQuote(buf, ++s)
          if (e === -1) throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, QUOTE_NOT_CLOSED)
          pos = e + 1
          while (pos < len && ((c = buf[pos]) === 32 || c === 9)) pos++
          if (pos < len && (c = buf[pos]) !== D && c !== 10 && c !== 13) throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, QUOTE_NOT_CLOSED)
          rowLines += countBetween(buf, s, e, eol)
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
          throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, `is longer than ${MAX_NUMBER_CELL_CHARS} characters: no number or time needs that many`)
        } else if (s === e) {
          if (role <= ROLE_CLOCK) throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, 'is blank: every row needs a time')
          blank[role]++
        } else if (role === ROLE_TIME) {
          x = parseTimeBytes(buf, s, e)
          if (x !== x) throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, 'is not a time (expected epoch seconds/ms/µs or ISO 8601 like 2024-01-02T13:45:00Z)')
          if (toUtc) zoned = hasOwnZone(buf, s, e)
        } else if (role === ROLE_DATE) {
          x = parseIsoBytes(buf, s, e)
          if (x !== x) throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, 'is not a date (expected e.g. 2024.01.02 or 2024-01-02)')
        } else if (role === ROLE_CLOCK) {
          x = parseClockBytes(buf, s, e)
          if (x !== x) throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, 'is not a time of day (expected hh:mm or hh:mm:ss)')
        } else {
          x = parseDecimalBytes(buf, s, e, commaDecimal)
          if (x !== x) throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, 'is not a number')
        }
      }
      if (role >= ROLE_OPEN && x <= 0) {
        if (role < ROLE_VOLUME) throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, 'is not positive (prices must be > 0)')
        if (x < 0) throw cellError(file, buf, lineStart, line + rowLines, delimiter, plan, f, 'is negative (volume must be >= 0)')
      }
      vals[role] = x
      if (pos < len && buf[pos] === D) pos++
      else if (f < used - 1) {
        let missing = f + 1
        while (roles[missing] === 0) missing++
        throw new CsvImportError(file, line + rowLines, plan.columns[missing], null, `missing: the row ends after ${f + 1} of ${plan.columns.length} columns`)
      }
    }
    // Skip the columns nobody reads and the line end (usually pos is on it already). A lone CR in a
    // file of LF lines (files joined from different systems) would hide the row after it, unless it
    // is inside a quoted cell: their quoted cells run over line ends as the read ones do (a notes
    // column is often last), which skipTail follows, only for a tail holding a quote or that CR.
    const tailStart = pos
    while (pos < len && (c = buf[pos]) !== eol) {
      if (c === 13 && eol === 10 && hidesRow(buf, pos)) break
      pos++
    }
    if (nextQuote < tailStart) {
      nextQuote = buf.indexOf(34, tailStart)
      if (nextQuote === -1) nextQuote = len
    }
    if (nextQuote < pos || (pos < len && c !== eol)) {
      pos = skipTail(buf, tailStart, eol, D, file, lineStart, line + rowLines, delimiter, plan)
      rowLines += countBetween(buf, tailStart, pos, eol)
    }
    pos++

    let t = hasDate ? vals[ROLE_DATE] + (hasClock ? vals[ROLE_CLOCK] : 0) : vals[ROLE_TIME]
    if (toUtc) {
      if (zoned) throw cellError(file, buf, lineStart, line, delimiter, plan, timeCol, 'carries its own time zone (an epoch number, an offset or Z): a time zone option applies only to wall-clock times')
      t = toUtc(t)
    }
    if (!(t > prevTime) || t >= MAX_CANDLE_TIME_MS) {
      throw cellError(file, buf, lineStart, line, delimiter, plan, timeCol,
        !(t >= MIN_CANDLE_TIME_MS && t < MAX_CANDLE_TIME_MS) ? `is not between 1970 and 2200 (read as ${describeTime(t)})`
          : (t === prevTime ? `repeats the time of line ${prevLine}` : `is earlier than line ${prevLine} (times must increase)`) + dstNote(toUtc))
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
    line += 1 + rowLines
  }
  return { n, line, time, open, high, low, close, volume, volumeAlt, blank, outside, primaryVolumeUsed }
}

/**
 * The quote closing a quoted cell whose text starts at `from`: the next quote that is not doubled
 * ("" is a quote in the text); −1 when none. The one rule of where a quoted cell ends, for the
 * parser and for the cut finder (csv-cut.ts), so whole and split reads agree.
 */
export function closingQuote(buf: Uint8Array, from: number): number {
  let e = buf.indexOf(34, from)
  while (e !== -1 && buf[e + 1] === 34) e = buf.indexOf(34, e + 2)
  return e
}

const QUOTE_NOT_CLOSED = 'opens a quote that does not close at the end of the cell (a quoted cell ends with a quote before the delimiter or the line end; "" is a quote inside it)'

/**
 * From `pos` (the first byte of the first column nobody reads, or the line end) to the line end
 * ending the row: each cell that starts with a quote is followed by parseRows's rules (to the next
 * quote not doubled, then only spaces before the delimiter or the line end), and a lone CR outside
 * them in a file of LF lines is an error. `line` is the line pos is on.
 */
function skipTail(buf: Uint8Array, pos: number, eol: number, D: number, file: string, lineStart: number, line: number, delimiter: Delimiter, plan: ColumnPlan): number {
  const len = buf.length
  const from = pos
  let f = plan.used
  let cellStart = pos
  let c: number
  while (pos < len && (c = buf[pos]) !== eol) {
    if (c === 34 && pos === cellStart) {
      const e = closingQuote(buf, pos + 1)
      const at = line + countBetween(buf, from, pos, eol)
      if (e === -1) throw tailQuoteError(file, buf, lineStart, at, delimiter, plan, f)
      pos = e + 1
      while (pos < len && ((c = buf[pos]) === 32 || c === 9)) pos++
      if (pos < len && c !== D && c !== 10 && c !== 13) throw tailQuoteError(file, buf, lineStart, at, delimiter, plan, f)
      continue // pos on the cell's terminator
    }
    if (c === D) {
      cellStart = pos + 1
      f++
    } else if (c === 13 && eol === 10 && hidesRow(buf, pos)) {
      throw new CsvImportError(file, line + countBetween(buf, from, pos, eol), null, null, 'ends in a lone carriage return (CR) where the file\'s lines end in line feeds (LF): save it with one kind of line end')
    }
    pos++
  }
  return pos
}

/**
 * The CR at `pos` (in a file of LF lines) hides a row: text follows it before the next line feed.
 * CR CR LF (Python's csv.writer on Windows in text mode) and a CR followed by spaces end a line as
 * CR LF does: nothing is hidden.
 */
function hidesRow(buf: Uint8Array, pos: number): boolean {
  const len = buf.length
  let q = pos + 1
  let c = 0
  while (q < len && ((c = buf[q]) === 13 || c === 32 || c === 9)) q++
  return q < len && c !== 10
}

/** A quoted cell of a column nobody reads that does not close; a row may have more cells than the header names. */
function tailQuoteError(file: string, buf: Uint8Array, lineStart: number, line: number, delimiter: Delimiter, plan: ColumnPlan, f: number): CsvImportError {
  if (f < plan.columns.length) return cellError(file, buf, lineStart, line, delimiter, plan, f, QUOTE_NOT_CLOSED)
  return new CsvImportError(file, line, null, null, `cell ${f + 1} (past the ${plan.columns.length} columns of the header) ${QUOTE_NOT_CLOSED}`)
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
    if ((c === 10 || c === 13) && !quoted) return ''
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

/** `: 2026-10-25 03:00 occurs twice in Europe/Athens …` when a time zone's DST change explains the order. */
function dstNote(toUtc: ZoneConverter | null): string {
  const note = toUtc?.dstNote() ?? null
  return note === null ? '' : `: ${note}`
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

function text(buf: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(buf.subarray(start, end))
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
