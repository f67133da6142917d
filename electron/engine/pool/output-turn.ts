// Streamed output, the worker's side: a `gapwatch scan` worker is forked with the CLI's output (its
// --out file or its standard output) as OUTPUT_FD, one open file description shared with the CLI.
// A job whose spec has `output.stream` formats its part, says `turn-wait`, and writes the bytes
// itself when the CLI sends its `turn` (every byte before the part is written by then). A split
// file's range keeps its zones after its job and formats and writes its rows (range-output.ts) with
// the merge's decisions, which come before its turn or with it. Sequential
// writes on one shared file description land in order, for files and pipes alike, so the part's
// bytes never cross the IPC channel. The CLI's side is electron/cli/scan-turns.ts.
// A worker writes without holding its thread (writeAll): a slow reader of the output (`… | less`, a
// slow disk) delays only the write, while the worker takes messages and its next jobs; the turn is
// over (the job's result, or `part-written`) once every byte is out, so the order holds.
import { fs } from '../builtins.ts'
import type { ScanJobResult, WorkerMessage } from './protocol.ts'
import type { SegmentZones } from '../fvg/segments.ts'
import { formatRange, type RangeFill } from './range-output.ts'

export { keepOpenZones } from './range-output.ts'

/** The worker's fd of the shared output (fork's stdio: in, out, err, ipc, then this). */
export const OUTPUT_FD = 4

/** A write to the output failed: `code` is the errno name (EPIPE: the reader went away). */
export class OutputWriteError extends Error {
  override name = 'OutputWriteError'
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4))

/**
 * Writes every byte, blocking (the CLI's own writes: its head, separators and tail): loops over
 * partial writes, and waits while a non-blocking pipe is full (EAGAIN; Node makes a pipe on standard
 * output non-blocking, and the description is shared). Throws OutputWriteError on any other error.
 */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  let wait = 1
  for (let off = 0; off < bytes.length; ) {
    try {
      off += fs.writeSync(fd, bytes, off)
      wait = 1
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO'
      if (code !== 'EAGAIN') throw new OutputWriteError(code, `Writing the output: ${(err as Error).message}`)
      Atomics.wait(pause, 0, 0, wait) // the reader is slow: give it time, up to 20 ms a try
      wait = Math.min(20, 2 * wait)
    }
  }
}

/**
 * Writes every byte without holding the thread: each write runs on libuv's thread pool (a slow disk,
 * or a pipe left blocking, holds a pool thread, not this one), partial writes are continued, and a
 * full non-blocking pipe (EAGAIN) is tried again on a timer, up to 20 ms apart. Meanwhile this
 * process takes its messages and jobs. Only one write is under way at a time (the CLI gives one turn
 * at a time), so its memory is the one part's bytes. Rejects with OutputWriteError on any other error.
 */
export async function writeAll(fd: number, bytes: Uint8Array): Promise<void> {
  let wait = 1
  for (let off = 0; off < bytes.length; ) {
    try {
      off += await writeSome(fd, bytes, off)
      wait = 1
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO'
      if (code !== 'EAGAIN') throw new OutputWriteError(code, `Writing the output: ${(err as Error).message}`)
      await new Promise<void>((resolve) => setTimeout(resolve, wait)) // the reader is slow: give it time
      wait = Math.min(20, 2 * wait)
    }
  }
}

function writeSome(fd: number, bytes: Uint8Array, off: number): Promise<number> {
  return new Promise((resolve, reject) => fs.write(fd, bytes, off, bytes.length - off, null, (err, n) => (err ? reject(err) : resolve(n))))
}

/** Jobs whose part waits for its turn. */
const waiting = new Map<number, () => void>()

/** The host's `turn` for a job: releases its write (a turn for no waiting job is ignored). */
export function grantTurn(jobId: number): void {
  const go = waiting.get(jobId)
  waiting.delete(jobId)
  go?.()
}

/**
 * Waits for the job's turn, then writes its part to the shared output and empties the result's
 * bytes (what goes back is the table row). Throws OutputWriteError when the write fails.
 */
export async function streamPart(jobId: number, order: number, result: ScanJobResult, send: (m: WorkerMessage) => void, fd = OUTPUT_FD): Promise<void> {
  const output = result.output
  if (!output) throw new Error(`${result.symbol}: the part to stream was not formatted.`)
  const turn = new Promise<void>((resolve) => waiting.set(jobId, resolve))
  send({ type: 'turn-wait', jobId, order })
  await turn
  await writeAll(fd, output.bytes)
  result.output = { bytes: new Uint8Array(0), row: output.row }
}

/** Split files' ranges whose rows wait for the merge's decisions and their turn, by job. */
const held = new Map<number, { format: 'json' | 'csv'; symbol: string; zones: SegmentZones }>()

/** Keeps a finished range's zones for its turn and tells the host (before the job's result). */
export function holdRange(jobId: number, at: { order: number; range: number }, format: 'json' | 'csv', symbol: string, zones: SegmentZones, send: (m: WorkerMessage) => void): void {
  const t = { format, symbol, zones }
  held.set(jobId, t)
  send({ type: 'part-held', jobId, order: at.order, range: at.range })
  setImmediate(() => warmUp(jobId, t, 0))
}

/** Rows formatted per slice of the warm-up, and how many at most. */
const WARM_SLICE = 2048
const WARM_ROWS = 16_384

/**
 * While a held range waits for the merge's decisions (the other ranges may still be scanning), its
 * first rows are formatted and thrown away, a slice per event-loop turn, until its fill, turn or drop
 * comes: V8 then compiles the row writers with their type feedback, and the real rows are formatted
 * by optimised code. A fresh worker formatted a 1M-candle file's half in ~100 ms of CPU cold against
 * ~60 warm. Each slice is short, so a fill that arrives waits for one slice at most.
 */
function warmUp(jobId: number, t: { format: 'json' | 'csv'; symbol: string; zones: SegmentZones }, from: number): void {
  const to = Math.min(t.zones.index.length, from + WARM_SLICE, WARM_ROWS)
  if (held.get(jobId) !== t || from >= to) return
  const z = t.zones
  const slice: SegmentZones = {
    index: z.index.subarray(from, to), direction: z.direction.subarray(from, to), top: z.top.subarray(from, to), bottom: z.bottom.subarray(from, to),
    mitigatedIndex: z.mitigatedIndex.subarray(from, to), time: z.time.subarray(from, to), mitigatedTime: z.mitigatedTime.subarray(from, to),
  }
  formatRange(t.format, t.symbol, slice, { shift: 0, first: from === 0, fixRow: NO_ROWS, fixIndex: NO_ROWS, fixTime: NO_TIMES })
  setImmediate(() => warmUp(jobId, t, to))
}

const NO_ROWS = new Int32Array(0)
const NO_TIMES = new Float64Array(0)

/** Held ranges already formatted (the host's `fill` came before their turn), by job. */
const filled = new Map<number, Uint8Array>()

/** Forgets a held range that will not be written (its file failed). */
export function dropRange(jobId: number): void {
  held.delete(jobId)
  filled.delete(jobId)
}

/**
 * The merge's decisions for a held range, ahead of its turn: formats its rows now, in parallel with
 * the other ranges' workers, instead of one range after another in their turns. A fill it cannot
 * apply leaves the range held: its turn tries again and reports why.
 */
export function fillRange(jobId: number, fill: RangeFill): void {
  const t = held.get(jobId)
  if (!t) return
  try {
    filled.set(jobId, formatRange(t.format, t.symbol, t.zones, fill))
    held.delete(jobId)
  } catch {
    // see above
  }
}

/**
 * A held range's turn: formats its rows with the merge's decisions (unless `fillRange` did) and
 * writes them. A range it cannot format (a fill that does not match its zones) writes nothing and
 * says `wrote: false`, as a range it does not hold, so the CLI rescans the range itself
 * (cli/scan-split-out.ts); only a failed write is an output error.
 */
export async function writeRange(jobId: number, fill: RangeFill, send: (m: WorkerMessage) => void, fd = OUTPUT_FD): Promise<void> {
  const t = held.get(jobId)
  let bytes = filled.get(jobId)
  held.delete(jobId)
  filled.delete(jobId)
  if (!bytes && t) {
    try {
      bytes = formatRange(t.format, t.symbol, t.zones, fill)
    } catch {
      bytes = undefined // see above
    }
  }
  if (!bytes) return send({ type: 'part-written', jobId, wrote: false })
  try {
    await writeAll(fd, bytes)
    send({ type: 'part-written', jobId, wrote: true })
  } catch (err) {
    send({ type: 'part-written', jobId, wrote: true, message: (err as Error).message, output: err instanceof OutputWriteError ? err.code : 'EIO' })
  }
}
