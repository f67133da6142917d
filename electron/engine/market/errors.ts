// The one error a CSV import throws. Its message reads like a compiler diagnostic:
//   eurusd.csv:42: column "high": "abc" is not a number
// A cell or header name is quoted through quoteCell(): at most CELL_QUOTE_CHARS characters, control
// characters escaped. A 50 MB cell once made a 52 MB error line, and raw ANSI escapes in a cell
// reached the terminal.

/** How many characters of a cell an error message quotes. */
export const CELL_QUOTE_CHARS = 80

/** Header names listed in one message ("found: a, b, c"), at most. */
const LIST_MAX = 12

/**
 * Code points written as escapes: C0 controls, DEL and C1 controls as \xNN; line and paragraph
 * separators, bidirectional overrides and isolates, zero-width marks and lone surrogates as \uNNNN
 * (they can reorder or hide what a terminal or a log viewer shows).
 */
function needsEscape(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) || cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff)
}

function escapeCodePoint(cp: number): string {
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`
}

/** `text` safe to print: control characters escaped, cut after `max` characters with '…'. */
export function clipCell(text: string, max = CELL_QUOTE_CHARS): string {
  let out = ''
  let n = 0
  for (const ch of text) {
    if (n === max) return `${out}…`
    const cp = ch.codePointAt(0)!
    out += needsEscape(cp) ? escapeCodePoint(cp) : ch
    n++
  }
  return out
}

/** `text` on one line, safe to print: every code point clipCell escapes (line feeds too), nothing clipped. */
export function oneLine(text: string): string {
  return clipCell(text, Infinity)
}

/**
 * A whole message as printed to a terminal: the code points clipCell escapes are escaped (a file
 * name holding ESC [31m no longer colours or rewrites the terminal), line feeds kept (messages of
 * several lines), nothing clipped.
 */
export function printable(text: string): string {
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    out += cp !== 0x0a && needsEscape(cp) ? escapeCodePoint(cp) : ch
  }
  return out
}

/** A cell or header name as an error message quotes it: `"text"`, clipped and escaped (clipCell). */
export function quoteCell(text: string): string {
  return `"${clipCell(text)}"`
}

/** Header names for a message: each clipped, at most LIST_MAX of them, then how many more. */
export function listCells(cells: readonly string[]): string {
  const shown = cells.slice(0, LIST_MAX).map((c) => clipCell(c)).join(', ')
  return cells.length > LIST_MAX ? `${shown}, … (${cells.length - LIST_MAX} more)` : shown
}

export class CsvImportError extends Error {
  override name = 'CsvImportError'
  /** The file as given to the importer. */
  readonly file: string
  /** 1-based physical line of the file (the header is line 1 when there is one). */
  readonly line: number
  /** Column name as written in the header (or implied for headerless files); null when the problem is not one cell. */
  readonly column: string | null
  /**
   * The offending cell text (at most a few hundred bytes of it are read back for an error); null
   * when the problem is not one cell.
   */
  readonly value: string | null
  /** The problem alone, without the file:line: prefix. */
  readonly reason: string

  constructor(file: string, line: number, column: string | null, value: string | null, reason: string) {
    const where = column === null ? '' : value === null ? `column ${quoteCell(column)}: ` : `column ${quoteCell(column)}: ${quoteCell(value)} `
    super(`${clipCell(file, 1000)}:${line}: ${where}${reason}`)
    this.file = file
    this.line = line
    this.column = column
    this.value = value
    this.reason = reason
  }
}
