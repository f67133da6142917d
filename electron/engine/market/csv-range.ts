// A big CSV file read as byte ranges by several workers at once. The planner (engine thread) reads
// only a few KiB around each cut: a range ends right after a line feed, so a cut never falls inside
// a CRLF pair or a multi-byte UTF-8 character (neither contains the byte 0x0A). Near quotes, a cut
// and a context's first line are row starts the parser would find reading the whole file
// (csv-cut.ts: a quoted cell may span lines, in any column not read as a number or time). A
// range's worker reads the header, the `context` data rows before its range (for the FVG kernel's
// window and the time-order check at the cut; with a time zone, back to a row outside a repeated
// hour), then its range. Line numbers are relative to where it started reading: the merge adds the
// line feeds of the earlier ranges (shiftCsvError), so a message names the whole file's line.
import { fs } from '../builtins.ts'
import type { Candles } from '../../../shared/candles.ts'
import { MAX_IMPORT_BYTES } from '../../../shared/limits.ts'
import { blankTotals, chosenVolumeColumn, parseRows, readCsvHead } from './csv.ts'
import { CsvImportError } from './errors.ts'
import { FileReadError, checkImportFile, readAt } from './read-file.ts'
import { ROLE_VOLUME } from './formats.ts'
import { zoneToUtc } from './timezone.ts'
import { certainRowStart, contextRowStart } from './csv-cut.ts'

/** Bytes read at the start of a file for its header, and around a cut. */
const HEAD_BYTES = 64 * 1024
const WINDOW_BYTES = 16 * 1024

export interface ByteRange {
  start: number
  end: number
}

export interface FilePlan {
  ranges: ByteRange[]
  /** The file as planned: a worker refuses it if it changed. */
  size: number
  mtimeMs: number
}

/**
 * A planned range is at least `rangeBytes / MIN_RANGE_DIVISOR` (8 MiB of the 32 MiB default), even
 * when that makes the count no multiple of the workers: on 16 or 64 workers a file just over one
 * range would otherwise be cut into 16 ranges of 2 MiB or 64 of 0.5 MiB, and each range costs its
 * context lines and its share of the merge (split.ts FILE_RANGE_BYTES: on 2 workers 8 MiB ranges
 * already cost ~11% more CPU than 32 MiB ones; not measured on more cores).
 */
export const MIN_RANGE_DIVISOR = 4

/**
 * Cuts `path` into ranges of about equal bytes, at most about `rangeBytes` each, each ending after a
 * line feed, or null when it stays whole: at most `rangeBytes`, not UTF-8 / LF-terminated in its
 * first 64 KiB, or no safe cut. The count of ranges is a multiple of `workers` (the workers that take
 * them): a file just over N ranges is not cut into N full ranges and a sliver that one worker
 * scans while the others wait, nor 3 ranges for 2 workers. Unless that makes ranges smaller than
 * `rangeBytes / MIN_RANGE_DIVISOR`: then as many ranges of at least that as fit.
 */
export function planCsvRanges(path: string, rangeBytes: number, workers = 1): FilePlan | null {
  if (!(rangeBytes > 0)) return null
  try {
    checkImportFile(path)
  } catch {
    return null // the worker reports it
  }
  const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
  try {
    const st = fs.fstatSync(fd)
    const size = st.size
    if (size <= rangeBytes) return null
    const per = workers >= 1 ? Math.floor(workers) : 1 // NaN or below 1: no constraint
    const fewest = Math.ceil(size / rangeBytes)
    const most = Math.max(fewest, Math.floor((size * MIN_RANGE_DIVISOR) / rangeBytes)) // none below the minimum
    const count = Math.min(Math.ceil(fewest / per) * per, most)
    const head = readAt(fd, 0, Math.min(size, HEAD_BYTES))
    if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return null
    let h: ReturnType<typeof readCsvHead>
    try {
      h = readCsvHead(head, path)
    } catch {
      return null // the worker reports it
    }
    if (h.eol !== 10) return null
    const firstEnd = h.rowsFrom > h.firstEnd ? h.rowsFrom : h.firstEnd + 1
    const ranges: ByteRange[] = []
    let start = 0
    for (let k = 1; k < count; k++) {
      const target = Math.round((size * k) / count)
      if (target <= start) continue
      const cut = findCut(fd, Math.max(target, firstEnd + 1), size, h.rowsFrom, h.delimiter.charCodeAt(0))
      if (cut < 0 || cut >= size || cut <= start) continue
      ranges.push({ start, end: cut })
      start = cut
    }
    if (ranges.length === 0) return null
    ranges.push({ start, end: size })
    return { ranges, size, mtimeMs: st.mtimeMs }
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * The first row start at or after `target`, or −1: the first line start when the bytes around hold
 * no quote, else the first row start that is one whatever the parser's state before (csv-cut.ts).
 */
function findCut(fd: number, target: number, size: number, rowsFrom: number, delimiter: number): number {
  const from = Math.max(rowsFrom, target - WINDOW_BYTES)
  const win = readAt(fd, from, Math.min(size, target + WINDOW_BYTES) - from)
  if (win.indexOf(34) === -1) {
    const cut = win.indexOf(10, target - 1 - from)
    if (cut === -1 || win.indexOf(10, cut + 1) === -1 || (from > rowsFrom && win.lastIndexOf(10, cut - 1) === -1)) return -1 // lines longer than the window
    return from + cut + 1
  }
  const known = from === rowsFrom
  const p = known ? 0 : win.indexOf(10) + 1
  if (!known && p === 0) return -1
  const cut = certainRowStart(win, p, target - from, delimiter, known)
  return cut === -1 ? -1 : from + cut
}

export interface CsvRangeResult {
  /** The context candles, then the range's own. */
  candles: Candles
  /** How many of `candles` are context. */
  contextRows: number
  /** Line feeds in the range (range 0: from the file's start). */
  lines: number
  /** Blank cells in the range, if the primary volume column is read / if the alternative one is. */
  blankIfPrimary: number
  blankIfAlt: number
  /** The range has a non-zero primary volume; the file has an alternative volume column. */
  primaryVolumeUsed: boolean
  hasAltVolume: boolean
  /** The file has no primary volume column (the alternative is then always read). */
  noPrimaryVolume: boolean
}

/**
 * Parses bytes [start, end) of `path` (a range from planCsvRanges) with at least `context` data rows
 * before it (all there are, if fewer). Errors (CsvImportError) count lines from the range's first line (line 1; the merge adds the
 * line feeds before it, shiftCsvError); range 0 counts the file's own lines.
 */
export function parseCsvRange(path: string, range: ByteRange, context: number, o: { file: string; tz?: string; size: number; mtimeMs: number }): CsvRangeResult {
  let fd: number
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
  } catch {
    checkImportFile(path) // throws the usual FileReadError
    throw new FileReadError(o.file, 'cannot be opened')
  }
  try {
    const st = fs.fstatSync(fd)
    if (st.size !== o.size || st.mtimeMs !== o.mtimeMs || st.size > MAX_IMPORT_BYTES) throw new FileReadError(o.file, 'changed while it was read; try again')
    const head = readAt(fd, 0, Math.min(st.size, HEAD_BYTES))
    const h = readCsvHead(head, o.file)
    // A converter per parse: it keeps state across rows (which pass of a repeated DST hour a row is in).
    const converter = () => (o.tz === undefined ? null : zoneToUtc(o.tz))
    if (range.start === 0) {
      const buf = readAt(fd, 0, range.end)
      // Capacity guessed as for the other ranges (40 bytes a row; the arrays grow past it): from 1024 rows they grew ~9 times (~17 ms).
      const r = parseRows(buf, h.rowsFrom, h.dataLine, h.eol, h.delimiter, h.plan, o.file, Math.ceil(buf.length / 40) + 16, converter())
      return finish(r, 0, r.line - 1, h.plan)
    }
    const zone = o.tz === undefined ? null : zoneToUtc(o.tz)
    const D = h.delimiter.charCodeAt(0)
    // With a zone, at least a row: the converter's state comes from the rows before (below).
    const want = zone === null ? context : Math.max(1, context)
    let lines = want
    let ctxBuf: Buffer
    let ctx: ReturnType<typeof parseRows>
    for (let read = -1; ; lines *= 4) {
      const raw = contextBefore(fd, range.start, lines, h.rowsFrom)
      const top = range.start - raw.length === h.rowsFrom
      ctxBuf = raw.subarray(contextRowStart(raw, D, top))
      ctx = parseRows(ctxBuf, 0, 1 - countLines(ctxBuf), h.eol, h.delimiter, h.plan, o.file, want + 16, converter())
      if (top || raw.length === read) break
      read = raw.length
      // Rows of lines inside quoted cells: fewer rows than lines read.
      if (ctx.n < want) continue
      // With a zone, the converter reads a repeated wall-clock hour (the autumn change) as its first
      // pass until rows in time order go back into it: started on a row of the second pass, it would
      // read the range's rows an hour early. So the context starts at a row whose wall time occurs
      // once (before or after the repeated hour): from there this converter holds the state the whole
      // file's holds, however short the candles and however deep into the second pass the range starts
      // (a fixed count of lines could end inside the repeated hour).
      if (zone !== null && ctx.n > 0 && zone.repeated(ctx.time[0])) continue
      break
    }
    const ctxStart = range.start - ctxBuf.length
    const contextLines = countLines(ctxBuf)
    // Lines are counted from the range's first (line 1), the context's being 0 and below.
    // (An error in the context lines is the range before's to report, and it comes first.)
    // The context alone first, for its rows' share of the counts (a few lines); then the context
    // and the range as one, so their candles land in one set of arrays (no copy of the range's).
    const all = readAt(fd, ctxStart, range.end - ctxStart)
    const r = parseRows(all, 0, 1 - contextLines, h.eol, h.delimiter, h.plan, o.file, Math.ceil(all.length / 40) + 16, converter())
    if (r.n < ctx.n) throw new FileReadError(o.file, 'changed while it was read; try again')
    for (let k = 0; k < r.blank.length; k++) r.blank[k] -= ctx.blank[k]
    // The range's own rows: is any primary volume there non-zero (as parseRows decides it)?
    let primaryVolumeUsed = false
    if (r.primaryVolumeUsed) {
      for (let k = ctx.n; k < r.n && !primaryVolumeUsed; k++) primaryVolumeUsed = r.volume[k] !== 0 && r.volume[k] === r.volume[k]
    }
    return finish({ ...r, primaryVolumeUsed }, ctx.n, r.line - 1, h.plan)
  } finally {
    fs.closeSync(fd)
  }
}

/** The bytes of the `context` non-blank data lines before `start`, not reaching into the header (at `rowsFrom`). */
function contextBefore(fd: number, start: number, context: number, rowsFrom: number): Buffer {
  let ctxStart = start
  let found = 0
  let win = WINDOW_BYTES
  let buf: Buffer = Buffer.alloc(0)
  let bufFrom = start
  while (found < context && ctxStart > rowsFrom) {
    bufFrom = Math.max(rowsFrom, start - win)
    buf = readAt(fd, bufFrom, start - bufFrom)
    found = 0
    let lineEnd = buf.length - 1 // the line feed ending the line before the range
    ctxStart = start
    while (found < context && lineEnd >= 0) {
      // (lastIndexOf from −1 would search from the buffer's end: a window starting with a line feed
      // counted its lines twice and a long blank run ended the context with none of its rows.)
      const s = lineEnd > 0 ? buf.lastIndexOf(10, lineEnd - 1) + 1 : 0
      if (s === 0 && bufFrom > rowsFrom) break // this line may start before the window
      if (!blankLine(buf, s, lineEnd)) found++
      ctxStart = bufFrom + s
      lineEnd = s - 1
    }
    if (found >= context || bufFrom === rowsFrom) break
    win *= 4
  }
  return buf.subarray(ctxStart - bufFrom)
}

/** Bytes [from, to) hold only spaces, tabs and CRs (parseRows skips such a line). */
function blankLine(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 32 && buf[i] !== 9 && buf[i] !== 13) return false
  return true
}

function countLines(buf: Uint8Array): number {
  let k = 0
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) k++
  return k
}

type Parsed = ReturnType<typeof parseRows>

function finish(r: Parsed, contextRows: number, lines: number, plan: ReturnType<typeof readCsvHead>['plan']): CsvRangeResult {
  const hasAlt = r.volumeAlt !== null
  const primaryCol = chosenVolumeColumn(plan, false, true)
  const altCol = chosenVolumeColumn(plan, hasAlt, false)
  const n = r.n
  return {
    candles: {
      time: r.time.subarray(0, n), open: r.open.subarray(0, n), high: r.high.subarray(0, n),
      low: r.low.subarray(0, n), close: r.close.subarray(0, n), volume: r.volume.subarray(0, n),
    },
    contextRows,
    lines,
    blankIfPrimary: blankTotals(plan, r.blank, primaryCol).blankCells,
    blankIfAlt: blankTotals(plan, r.blank, altCol).blankCells,
    primaryVolumeUsed: r.primaryVolumeUsed,
    hasAltVolume: hasAlt,
    noPrimaryVolume: plan.index[ROLE_VOLUME] === -1,
  }
}

/** `err` with its line numbers (the line, and a line its reason names) moved down by `by`. */
export function shiftCsvError(err: { file: string; line: number; column: string | null; value: string | null; reason: string }, by: number): CsvImportError {
  const reason = err.reason.replace(/^(repeats the time of line |is earlier than line )(-?\d+)/, (_m, words: string, k: string) => `${words}${Number(k) + by}`)
  return new CsvImportError(err.file, err.line + by, err.column, err.value, reason)
}
