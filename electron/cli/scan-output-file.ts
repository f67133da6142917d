// `gapwatch scan`'s output: --out FILE or standard output. Opened before the options are checked,
// since the workers are forked with it (they write their files' parts: engine/pool/output-turn.ts)
// while this process checks them; so a usage error must leave no trace: the file is truncated only
// by `begin`, and removed at `close` if this run created it and never began. A FIFO is not opened
// early: opening it for writing waits for a reader, which would hold a usage error back until some
// reader came; it is opened by `connect` (or `begin`), once everything has been checked (its workers
// start then), and before the scan locks a --data-dir, so the lock is not held across the wait.
import { fs } from '../engine/builtins.ts'

export interface Output {
  /** The output's fd to fork the workers with; null when --out could not be opened, or is a FIFO (opened by `connect` or `begin`). */
  readonly fd: number | null
  /** True while --out is a FIFO not yet opened: connect (or begin) will wait for its reader. */
  waitsForReader(): boolean
  /** Opens a FIFO --out now, waiting for its reader as a shell's `>` does, and changes nothing else; throws why it cannot. */
  connect(): void
  /** The run begins writing (connected first): returns the fd (an --out file emptied); throws why --out cannot be opened. */
  begin(): number
  close(): void
}

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL } = fs.constants

export function openOutput(file: string | undefined): Output {
  if (file === undefined) {
    return {
      fd: 1,
      waitsForReader: () => false,
      connect: () => {},
      begin() {
        // `> out.json`: the shell truncated it, so the same write-out at the end as for --out (below).
        if (isEmptyFile(1)) skipFlushOnClose(1)
        return 1
      },
      close: () => {},
    }
  }
  let fd: number | null = null
  let created = false
  let error: Error | null = null
  const fifo = isFifo(file)
  try {
    if (!fifo) ({ fd, created } = openNow(file))
  } catch (err) {
    error = err as Error
  }
  let begun = false
  const close = (): void => {
    if (fd === null) return
    fs.closeSync(fd)
    fd = null
    if (created && !begun) fs.rmSync(file, { force: true })
  }
  const connect = (): void => {
    if (fifo && fd === null) fd = fs.openSync(file, O_WRONLY) // waits for a reader, as a shell's `>` does
  }
  return {
    fd,
    waitsForReader: () => fifo && fd === null,
    connect,
    begin() {
      connect()
      if (fd === null) throw error ?? new Error(`${file} is not open.`)
      // Only an earlier file's content needs emptying: a file this run created (or an empty one) is
      // left as it is, and so never carries ext4's truncation flag (skipFlushOnClose).
      const st = fs.fstatSync(fd)
      if (st.isFile() && st.size > 0) {
        fs.ftruncateSync(fd, 0)
        skipFlushOnClose(fd)
      }
      begun = true
      return fd
    },
    close,
  }
}

function openNow(file: string): { fd: number; created: boolean } {
  try {
    return { fd: fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL, 0o666), created: true }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return { fd: fs.openSync(file, O_WRONLY), created: false }
  }
}

function isFifo(file: string): boolean {
  try {
    return fs.statSync(file).isFIFO()
  } catch {
    return false // missing (created by the open) or unreadable (the open says why)
  }
}

function isEmptyFile(fd: number): boolean {
  try {
    const st = fs.fstatSync(fd)
    return st.isFile() && st.size === 0
  } catch {
    return false
  }
}

/**
 * ext4 (with auto_da_alloc, its default) writes out a file truncated to length 0 when it is next
 * closed, synchronously inside that close(): the scan's output (200 MB for 6 × 1M candles) was
 * written to disk at the end of the run, inside the last close(), by whichever process closed it
 * last (about 2 ms per 64 MB measured on one VM, more on slower disks). The first close of any open
 * of the file does that write-out and clears the flag, so an open and close of the same file right
 * after the truncation, with nothing written yet, clears it at no cost; the output is then written
 * back like any new file's. Used only where a file was truncated: a rerun's --out that held an
 * earlier output, and standard output redirected to an empty file (the shell's `>` truncated it).
 * The trade-off, taken knowingly: auto_da_alloc's write-out protects a truncate-and-rewrite from a
 * power loss; without it, a power loss within the ~30 s before the kernel writes the output back can
 * leave it empty, as it can any new file's (the earlier output is gone either way). Linux only
 * (/proc/self/fd); elsewhere, or if it fails (a file we may not read), nothing changes but the time.
 */
function skipFlushOnClose(fd: number): void {
  if (process.platform !== 'linux') return
  try {
    // Read-only: a watcher waiting for the output's close-after-write (inotify IN_CLOSE_WRITE) sees none here.
    fs.closeSync(fs.openSync(`/proc/self/fd/${fd}`, O_RDONLY))
  } catch {
    // only the write-out at the end is not avoided
  }
}
