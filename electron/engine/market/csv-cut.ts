// Where rows start in a few KiB of a CSV file read from its middle, as the row parser (csv-rows.ts
// parseRows) would find them reading from the first data line. A line start is not always a row
// start: a quoted cell may run over line feeds (the parser follows them in every column, read or
// not), and then the lines inside it hold no quote at all, so no look at a line or its neighbours
// tells. What decides it is the parser's state at the bytes' first line start: at a row start, or
// inside a quoted cell (no other state reaches a line start; which column does not matter, as every
// column is followed alike). Each is followed as the parser would (a quote opens a cell only as a
// cell's first byte; the next quote not doubled closes it; the rest of a line past a CR is skipped);
// the parser reads one of them, and once both are at the same row start they stay together: every
// row start from there is certain.
// A state "inside a quoted cell" that meets no quote in the bytes is left out: it would be a quoted
// cell longer than the bytes read (WINDOW_BYTES around a cut, or the whole context before a range
// that starts at a row start, where the cell could not have ended).
import { closingQuote } from './csv-rows.ts'

/**
 * From `i` (at a cell's first byte, or with `closed` just past a quoted cell's closing quote): the
 * index past the line feed ending the row, as parseRows reads it; −1 when the bytes end first.
 * Every column is followed alike (read or not), so where a row ends does not depend on the column.
 */
function rowEnd(buf: Uint8Array, i: number, D: number, closed: boolean): number {
  const len = buf.length
  for (;;) {
    if (!closed && buf[i] === 34) {
      const e = closingQuote(buf, i + 1)
      if (e === -1 || e + 1 >= len) return -1
      i = e + 1
    }
    closed = false
    let c = 0
    while (i < len && (c = buf[i]) !== D && c !== 10 && c !== 13) i++
    if (i >= len) return -1
    if (c !== D) break
    i++
  }
  const lf = buf.indexOf(10, i)
  return lf === -1 ? -1 : lf + 1
}

/**
 * The row starts from `p` (a line start), ending with where the last whole row ends, with the parser
 * at a row start there or (`inQuote`) inside a quoted cell; null for the latter when no quote follows.
 */
function rowStarts(buf: Uint8Array, p: number, D: number, inQuote: boolean): number[] | null {
  const out: number[] = []
  let i = p
  if (inQuote) {
    const q = closingQuote(buf, p)
    if (q === -1) return null
    i = rowEnd(buf, q + 1, D, true)
  }
  while (i !== -1) {
    out.push(i)
    if (i >= buf.length) break
    i = rowEnd(buf, i, D, false)
  }
  return out
}

/** The first position that is a row start under every one of `lists`, or −1. */
function firstCommon(lists: number[][]): number {
  if (lists.length === 0) return -1
  const others = lists.slice(1).map((l) => new Set(l))
  for (const p of lists[0]) if (others.every((s) => s.has(p))) return p
  return -1
}

/** Every state the parser may be in at a line start: at a row start, or inside a quoted cell (of any column: the same to rowEnd). */
function statesAt(buf: Uint8Array, p: number, D: number, known: boolean): number[][] {
  const lists = [rowStarts(buf, p, D, false)!]
  if (!known) {
    const l = rowStarts(buf, p, D, true)
    if (l !== null) lists.push(l)
  }
  return lists
}

/**
 * The first row start at or after `target` in `buf` (bytes of the file from its middle; `p` a line
 * start in it, `known` when p is the first data line, a row start for sure), certain whatever the
 * state at p; −1 when none is within the bytes.
 */
export function certainRowStart(buf: Uint8Array, p: number, target: number, delimiter: number, known: boolean): number {
  const lists = statesAt(buf, p, delimiter, known)
  const common = firstCommon(lists)
  if (common === -1) return -1
  for (const s of lists[0]) if (s >= common && s >= target) return s
  return -1
}

/**
 * Where the certain rows of `buf` (the bytes before a range, from a line start to the range's first
 * byte, a row start) begin: the parser states at buf's start that do not reach the range at a row
 * start are not the file's. 0 when buf holds no quote (an open quoted cell would run on into the range).
 */
export function contextRowStart(buf: Uint8Array, delimiter: number, known: boolean): number {
  if (buf.indexOf(34) === -1) return 0
  const lists = statesAt(buf, 0, delimiter, known).filter((l) => l[l.length - 1] === buf.length)
  const common = firstCommon(lists)
  return common === -1 ? 0 : common // none: the file changed under us; its parse says so
}
