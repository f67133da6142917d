// CSV import: one symbol per file, parsed in one pass over the bytes straight into Float64Arrays
// (the rows by csv-rows.ts; here the head, the result and the file).
//
// - Encoding: UTF-8 (a BOM is skipped); UTF-16 files with a BOM are converted first.
// - Lines: LF, CRLF or lone CR, one kind a file (a lone CR outside quotes in a file of LF lines is an error). Blank
//   lines are skipped (but still counted for line numbers).
// - Quotes: a cell that starts with a quote (in any column, read or not) is quoted: up to the next
//   quote not doubled ("" is a quote in it), line feeds and CRs included (counted for line numbers),
//   then only spaces before the delimiter or the line end, else an error. A quote anywhere else is text.
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
import { CsvImportError } from './errors.ts'
import { readImportFile } from './read-file.ts'
import { MAX_CSV_COLUMNS } from '../../../shared/limits.ts'
import { detectDelimiter, planColumns, splitLine, ROLE_COUNT, ROLE_OPEN, ROLE_VOLUME, ROLE_VOLUME_ALT } from './formats.ts'
import type { ColumnPlan, CsvFormat, Delimiter } from './formats.ts'
import { detectInterval } from './timeframe.ts'
import { zoneToUtc } from './timezone.ts'
import { countBetween, parseRows, skipBlankLines } from './csv-rows.ts'

// The row loop and the line scanning it shares with the head live in csv-rows.ts; exported here too,
// as they always were (csv-range.ts parses a file's byte ranges with them).
export { countBetween, parseRows, skipBlankLines, type Rows } from './csv-rows.ts'

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
  const first = new TextDecoder().decode(buf.subarray(pos, firstEnd)).replace(/\r$/, '')
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




/**
 * Reads and parses a file (synchronously: a pool worker loads its data before its first job). Only a
 * regular file within MAX_IMPORT_BYTES is read (FileReadError otherwise, see read-file.ts).
 */
export function importCsvFile(path: string, opts: Partial<CsvImportOptions> = {}): ImportResult {
  return parseCsv(readImportFile(path), { ...opts, file: opts.file ?? path, symbol: opts.symbol ?? defaultSymbol(path) })
}
