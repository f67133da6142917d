// Cheap readers for /proc files. A ProcFile keeps its descriptor open and re-reads it with a
// positional read at offset 0 (seq_file regenerates the content), into a buffer reused across ticks:
// one syscall per read instead of readFileSync's open/fstat/read/read/close.
import { fs } from '../builtins.ts'

export class ProcFile {
  readonly path: string
  private fd: number | null = null
  private buf: Buffer

  constructor(path: string, initialSize = 8192) {
    this.path = path
    this.buf = Buffer.allocUnsafe(initialSize)
  }

  /**
   * Reads the whole file as latin1 text (the /proc files read this way are ASCII). When `stopAt` is
   * given, only the text before its first occurrence is decoded (e.g. /proc/stat before its long
   * `intr` line).
   */
  read(stopAt?: string): string {
    const n = this.readBytes()
    let end = n
    if (stopAt !== undefined) {
      const i = this.buf.indexOf(stopAt, 0, 'latin1')
      if (i >= 0 && i < n) end = i
    }
    return this.buf.toString('latin1', 0, end)
  }

  /**
   * Reads the whole file into the reused buffer (see `bytes`) and returns its length: for parsers
   * that work on the bytes in place, without decoding a string.
   */
  readRaw(): number {
    return this.readBytes()
  }

  /** The buffer the last `readRaw` filled (valid until the next read; it may be replaced when it grows). */
  get bytes(): Buffer {
    return this.buf
  }

  close(): void {
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd)
      } catch {
        // already closed
      }
      this.fd = null
    }
  }

  private readBytes(): number {
    for (let attempt = 0; ; attempt++) {
      if (this.fd === null) this.fd = fs.openSync(this.path, 'r')
      try {
        return this.fill(this.fd)
      } catch (err) {
        // A stale descriptor (e.g. the file was replaced): reopen once, then give up.
        this.close()
        if (attempt > 0) throw err
      }
    }
  }

  /**
   * One positional read from offset 0. A short read means the whole file was returned (true for
   * procfs/seq_file); a full buffer means it may not fit, so the buffer doubles and the read starts
   * over, which also keeps the snapshot consistent.
   */
  private fill(fd: number): number {
    for (;;) {
      const n = fs.readSync(fd, this.buf, 0, this.buf.length, 0)
      if (n < this.buf.length) return n
      this.buf = Buffer.allocUnsafe(this.buf.length * 2)
    }
  }
}

/** Scratch buffer for one-shot reads of small per-process files (/proc/[pid]/stat, cmdline). */
const scratch = Buffer.allocUnsafe(4096)

/**
 * Reads at most 4 KiB of a small file with open/read/close (three syscalls) into a shared buffer and
 * returns the byte count, or -1 when the file cannot be read (the process exited). The bytes stay
 * valid until the next call.
 */
export function readSmall(path: string): number {
  let fd: number
  try {
    fd = fs.openSync(path, 'r')
  } catch {
    return -1
  }
  try {
    return fs.readSync(fd, scratch, 0, scratch.length, 0)
  } catch {
    return -1
  } finally {
    fs.closeSync(fd)
  }
}

export function scratchBuffer(): Buffer {
  return scratch
}
