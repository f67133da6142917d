// Recognising a CSV dialect from its first line: the delimiter, whether there is a header, and which
// column feeds which candle field.
//
// Formats
//   generic     a header naming timestamp|time|date (or datetime, open_time), open, high, low, close
//               and optionally volume, in any order and any letter case; other columns are ignored.
//               With both `date` and `time` columns (and no `timestamp`), `date` holds the day and
//               `time` the time of day, as in MetaTrader exports.
//   mt5         MetaTrader 5 "Export bars": <DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>
//               (or without <TIME> for daily bars). Volume is <VOL> when any row has a non-zero <VOL>
//               (exchange instruments), otherwise <TICKVOL> (forex brokers report VOL = 0).
//   binance     Binance kline files, no header, 12 columns: open_time, open, high, low, close, volume,
//               close_time, quote_volume, trades, taker_buy_base, taker_buy_quote, ignore.
//   headerless  any other file whose first cell is a number or a date: time, open, high, low, close[, volume].

import { parseTimeBytes } from './datetime.ts'
import { CsvImportError, listCells, quoteCell } from './errors.ts'
import { MAX_CSV_COLUMNS } from '../../../shared/limits.ts'

export type CsvFormat = 'generic' | 'mt5' | 'binance' | 'headerless'
export type Delimiter = ',' | ';' | '\t'

// What a column feeds (plain numbers: the file runs under type stripping, so no enums).
export const ROLE_IGNORE = 0
export const ROLE_TIME = 1
export const ROLE_DATE = 2
export const ROLE_CLOCK = 3
export const ROLE_OPEN = 4
export const ROLE_HIGH = 5
export const ROLE_LOW = 6
export const ROLE_CLOSE = 7
export const ROLE_VOLUME = 8
export const ROLE_VOLUME_ALT = 9
export const ROLE_COUNT = 10

export interface ColumnPlan {
  format: CsvFormat
  hasHeader: boolean
  /** Column names as written (headerless files get the implied names). */
  columns: string[]
  /** Role of each column (ROLE_*). */
  roles: Int8Array
  /** Column index per role, -1 when absent. */
  index: Int32Array
  /** 1 + the last column that has a role: the rest of a row is skipped unread. */
  used: number
}

/**
 * Header names (normalised) of the price and volume columns. A Map, not an object literal: a column
 * named "__proto__" or "constructor" must not find Object.prototype's members.
 */
const HEADER_ROLES = new Map<string, number>([
  ['open', ROLE_OPEN], ['high', ROLE_HIGH], ['low', ROLE_LOW], ['close', ROLE_CLOSE], ['volume', ROLE_VOLUME], ['vol', ROLE_VOLUME],
  ['tickvol', ROLE_VOLUME_ALT], ['tick_volume', ROLE_VOLUME_ALT],
])

const BINANCE_COLUMNS = [
  'open_time', 'open', 'high', 'low', 'close', 'volume',
  'close_time', 'quote_volume', 'trades', 'taker_buy_base', 'taker_buy_quote', 'ignore',
]

/** The most frequent of tab, ';' and ',' outside quotes in the first line (ties in that order); ',' if none. */
export function detectDelimiter(line: string): Delimiter {
  let tabs = 0
  let semis = 0
  let commas = 0
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i)
    if (c === 34) quoted = !quoted
    else if (quoted) continue
    else if (c === 9) tabs++
    else if (c === 59) semis++
    else if (c === 44) commas++
  }
  if (tabs > 0 && tabs >= semis && tabs >= commas) return '\t'
  if (semis > 0 && semis >= commas) return ';'
  return ','
}

/**
 * Splits one line into trimmed cells; a cell in double quotes may hold the delimiter ("" is a quote).
 * At most `maxCells` cells: the scan stops there (a 60 MB line of commas is 60 million cells).
 * Runs between quotes and delimiters are sliced, not copied a character at a time: a header line
 * may be megabytes long.
 */
export function splitLine(line: string, delimiter: Delimiter, maxCells = Infinity): string[] {
  const D = delimiter.charCodeAt(0)
  const out: string[] = []
  let cell = ''
  let from = 0
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    if (out.length === maxCells) return out
    const c = line.charCodeAt(i)
    if (quoted) {
      if (c === 34) {
        cell += line.slice(from, i)
        if (line.charCodeAt(i + 1) === 34) {
          cell += '"'
          i++
        } else quoted = false
        from = i + 1
      }
    } else if (c === 34) {
      cell += line.slice(from, i)
      quoted = true
      from = i + 1
    } else if (c === D) {
      out.push((cell + line.slice(from, i)).trim())
      cell = ''
      from = i + 1
    }
  }
  out.push((cell + line.slice(from)).trim())
  return out
}

function normalise(name: string): string {
  let s = name.trim().toLowerCase()
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim()
  return s
}

const ascii = new TextEncoder()

/** True when a cell reads as a time (epoch number or date): the first line is then data, not a header. */
function looksLikeData(cell: string): boolean {
  const b = ascii.encode(cell)
  return b.length > 0 && !Number.isNaN(parseTimeBytes(b, 0, b.length))
}

/**
 * Works out the column plan from the first non-blank line's cells. Throws CsvImportError (at
 * `line`) for a missing or duplicated column, or more than MAX_CSV_COLUMNS cells.
 */
export function planColumns(cells: string[], file: string, line: number): ColumnPlan {
  if (cells.length > MAX_CSV_COLUMNS) {
    throw new CsvImportError(file, line, null, null, `the first line has more than ${MAX_CSV_COLUMNS} columns (candle files have 5 to 12)`)
  }
  const n = cells.length
  const roles = new Int8Array(n)
  const index = new Int32Array(ROLE_COUNT).fill(-1)
  const assign = (col: number, role: number): void => {
    if (index[role] !== -1) {
      throw new CsvImportError(file, line, cells[col], null, `appears twice (also column ${index[role] + 1}, ${quoteCell(cells[index[role]])})`)
    }
    index[role] = col
    roles[col] = role
  }

  let format: CsvFormat
  let hasHeader = true
  let columns = cells
  if (looksLikeData(cells[0])) {
    hasHeader = false
    format = n === BINANCE_COLUMNS.length ? 'binance' : 'headerless'
    columns = format === 'binance'
      ? BINANCE_COLUMNS.slice()
      : cells.map((_, i) => ['time', 'open', 'high', 'low', 'close', 'volume'][i] ?? `column${i + 1}`)
    const implied = [ROLE_TIME, ROLE_OPEN, ROLE_HIGH, ROLE_LOW, ROLE_CLOSE, ROLE_VOLUME]
    for (let i = 0; i < Math.min(n, implied.length); i++) assign(i, implied[i])
    const need = ['time', 'open', 'high', 'low', 'close']
    if (n < need.length) {
      throw new CsvImportError(file, line, need[n], null, `missing: a file without a header needs the columns ${need.join(', ')}[, volume] (this line has ${n})`)
    }
  } else {
    format = cells.some((c) => c.startsWith('<')) ? 'mt5' : 'generic'
    const names = cells.map(normalise)
    const find = (...want: string[]): number => {
      for (const w of want) {
        const i = names.indexOf(w)
        if (i !== -1) return i
      }
      return -1
    }
    for (let i = 0; i < n; i++) {
      const role = HEADER_ROLES.get(names[i])
      if (role !== undefined) assign(i, role)
    }
    const stamp = find('timestamp', 'datetime', 'date_time', 'open_time')
    const date = find('date')
    const time = find('time')
    if (stamp !== -1) assign(stamp, ROLE_TIME)
    else if (date !== -1 && time !== -1) {
      assign(date, ROLE_DATE)
      assign(time, ROLE_CLOCK)
    } else if (time !== -1) assign(time, ROLE_TIME)
    else if (date !== -1) assign(date, ROLE_TIME)
    const found = `found: ${listCells(cells)}`
    if (index[ROLE_TIME] === -1 && index[ROLE_DATE] === -1) {
      throw new CsvImportError(file, line, format === 'mt5' ? '<DATE>' : 'timestamp', null, `missing from the header (${found})`)
    }
    for (const [role, name] of [[ROLE_OPEN, 'open'], [ROLE_HIGH, 'high'], [ROLE_LOW, 'low'], [ROLE_CLOSE, 'close']] as const) {
      if (index[role] === -1) {
        throw new CsvImportError(file, line, format === 'mt5' ? `<${name.toUpperCase()}>` : name, null, `missing from the header (${found})`)
      }
    }
  }
  let used = 0
  for (let i = 0; i < n; i++) if (roles[i] !== ROLE_IGNORE) used = i + 1
  return { format, hasHeader, columns, roles, index, used }
}
