// Reading a file named by a user (`gapwatch scan FILE`, an import, a watchlist source): only a regular
// file of at most MAX_IMPORT_BYTES, read whole and refused if it changed meanwhile. A FIFO used to
// hang the reader, /dev/zero grew it to 8 GB, and a directory gave a bare EISDIR.
import type { BigIntStats } from 'node:fs'
import { fs } from '../builtins.ts'
import { MAX_IMPORT_BYTES } from '../../../shared/limits.ts'

/** A file that cannot be read as an import; the message names the path and what was wrong. */
export class FileReadError extends Error {
  override name = 'FileReadError'
  readonly file: string
  /** The problem alone, without the path. */
  readonly reason: string

  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`)
    this.file = file
    this.reason = reason
  }
}

export interface ReadFileOptions {
  /** Defaults to MAX_IMPORT_BYTES. */
  maxBytes?: number
  /** What the size limit is for, in the message (defaults to "an import"). */
  limitFor?: string
  /** Called between the read and the second fstat (tests change the file here). */
  afterRead?: (fd: number) => void
}

/** What `fstat` says the descriptor is, in words, when it is not a regular file. */
function kindOf(st: BigIntStats): string {
  if (st.isDirectory()) return 'a directory'
  if (st.isFIFO()) return 'a named pipe (FIFO)'
  if (st.isCharacterDevice()) return 'a character device'
  if (st.isBlockDevice()) return 'a block device'
  if (st.isSocket()) return 'a socket'
  return 'not a regular file'
}

function mib(bytes: number | bigint): string {
  return `${(Number(bytes) / 1024 / 1024).toFixed(1)} MiB`
}

/**
 * Opens `file` without blocking (O_NONBLOCK: opening a FIFO with no writer would otherwise wait
 * forever) and checks what the descriptor is: throws FileReadError unless it is a regular file of at
 * most `maxBytes`. Returns the open descriptor and its stat; the caller closes it.
 */
export function openRegular(file: string, maxBytes: number = MAX_IMPORT_BYTES, limitFor = 'an import'): { fd: number; st: BigIntStats } {
  let fd: number
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
  } catch (err) {
    throw new FileReadError(file, openProblem(err))
  }
  try {
    const st = fs.fstatSync(fd, { bigint: true })
    if (!st.isFile()) throw new FileReadError(file, `is ${kindOf(st)}, not a regular file`)
    if (st.size > BigInt(maxBytes)) {
      throw new FileReadError(file, `is ${mib(st.size)} (${st.size} bytes), over the ${mib(maxBytes)} limit for ${limitFor}`)
    }
    return { fd, st }
  } catch (err) {
    fs.closeSync(fd)
    throw err
  }
}

function openProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENXIO':
      return 'is a socket or a device without a reader, not a regular file'
    default:
      return `cannot be opened (${code ?? (err instanceof Error ? err.message : String(err))})`
  }
}

/** Checks, without reading it, that `file` is a regular file within the size limit (throws FileReadError). */
export function checkImportFile(file: string, o: ReadFileOptions = {}): void {
  fs.closeSync(openRegular(file, o.maxBytes ?? MAX_IMPORT_BYTES).fd)
}

/**
 * Reads a whole regular file of at most `maxBytes` (MAX_IMPORT_BYTES). Throws FileReadError, naming
 * the path, for anything else, and when the file changed while it was read (its size or mtime after
 * the read differ from before, or it grew past the size fstat gave): better refused than half-imported.
 */
export function readImportFile(file: string, o: ReadFileOptions = {}): Buffer {
  const { fd, st } = openRegular(file, o.maxBytes ?? MAX_IMPORT_BYTES, o.limitFor)
  try {
    const size = Number(st.size)
    // One spare byte: reading into it means the file grew since fstat.
    const buf = Buffer.allocUnsafe(size + 1)
    let n = 0
    for (;;) {
      const k = fs.readSync(fd, buf, n, buf.length - n, n)
      if (k === 0) break
      n += k
      if (n === buf.length) break
    }
    o.afterRead?.(fd)
    checkUnchanged(file, st, fs.fstatSync(fd, { bigint: true }), n)
    return buf.subarray(0, n)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Throws FileReadError when the file was changed while it was read: `after` (fstat once the read
 * ended) differs from `before` in size or mtime, or `bytesRead` is not the size `before` gave.
 */
export function checkUnchanged(
  file: string,
  before: Pick<BigIntStats, 'size' | 'mtimeNs'>,
  after: Pick<BigIntStats, 'size' | 'mtimeNs'>,
  bytesRead: number,
): void {
  if (after.size !== before.size || after.mtimeNs !== before.mtimeNs || BigInt(bytesRead) !== before.size) {
    throw new FileReadError(file, 'changed while it was read; try again')
  }
}

/** Up to `len` bytes of `fd` at `pos`, looping over short reads (fewer only at the end of the file). */
export function readAt(fd: number, pos: number, len: number): Buffer {
  const buf = Buffer.allocUnsafe(len)
  let n = 0
  while (n < len) {
    const k = fs.readSync(fd, buf, n, len - n, pos + n)
    if (k === 0) break
    n += k
  }
  return buf.subarray(0, n)
}
