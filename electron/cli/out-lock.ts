// One `gapwatch scan` at a time writes an --out file. Two runs given the same --out each emptied it
// and wrote their rows at their own offsets (the workers write their parts: engine/pool/output-turn.ts),
// and both exited 0 leaving a file that was neither output: one's rows, NUL bytes, the other's tail.
// Now a run locks its --out (a regular file; a FIFO or device has no content to keep whole) before it
// empties it, and a second run is refused, naming the file, without touching it.
//
// The lock is the one the data directory uses (engine/store/lock.ts): a small SQLite database held
// with `locking_mode=EXCLUSIVE` and an exclusive transaction, so a POSIX lock that dies with its
// owner however it ends; never stale. It is named by the --out file's device and inode (a symlink,
// hard link or other spelling of it is the same file) in a folder of this user's under the temporary
// directory, so it guards the scans of this user on this machine. A run removes its lock's file at
// the end, marking it dead first: a run that opened that file before it went away, and locks it
// after, sees the mark and starts again on a fresh one (else two runs could each hold a lock, one of
// them on a file no longer in the folder); and the folder once empty. A run that ends by a signal
// leaves its file, reused by the next run on that --out.
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { fs } from '../engine/builtins.ts'

/** Another `gapwatch scan` is writing this --out; exit 1, as for a data directory in use. */
export class OutLockedError extends Error {
  override name = 'OutLockedError'
}

export interface OutLock {
  release(): void
}

/** This user's folder of locks, made private; null when it is not ours alone (then nothing is locked). */
function lockFolder(): string | null {
  const uid = process.getuid?.()
  const dir = path.join(os.tmpdir(), `gapwatch-out-locks${uid === undefined ? '' : `-${uid}`}`)
  try {
    fs.mkdirSync(dir, { mode: 0o700 })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return null
  }
  try {
    const st = fs.lstatSync(dir)
    // Another user's folder (or a symlink) there could hold our locks or point them at our files.
    if (!st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0))) return null
  } catch {
    return null
  }
  return dir
}

/**
 * Locks the --out file open as `fd` (named `file` in the message) for this run, or throws
 * OutLockedError when another run holds it. Null when there is nothing to lock (not a regular file)
 * or the lock cannot be made (no private folder, a full disk): the run goes on unguarded, as before.
 */
export function lockOutput(fd: number, file: string): OutLock | null {
  let st: ReturnType<typeof fs.fstatSync>
  try {
    st = fs.fstatSync(fd)
  } catch {
    return null
  }
  if (!st.isFile()) return null
  for (let tries = 0; tries < 8; tries++) {
    const dir = lockFolder()
    if (dir === null) return null
    const lockFile = path.join(dir, `out-${st.dev}-${st.ino}.sqlite`)
    let db: Database.Database
    try {
      db = new Database(lockFile, { timeout: 0 })
    } catch {
      continue // the folder was removed by a run that ended just then (held's release): again
    }
    try {
      db.pragma('locking_mode = EXCLUSIVE')
      db.pragma('journal_mode = MEMORY') // no journal file beside it
      db.pragma('synchronous = OFF') // a lock, not data: nothing to keep across a power loss
      db.exec('BEGIN EXCLUSIVE')
      // Marked by a run that removed it after we opened it: a lock no one else can find; again.
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'released'").get() === undefined) return held(db, lockFile)
    } catch (err) {
      const code = (err as { code?: string }).code
      db.close()
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        throw new OutLockedError(`--out: ${file} is being written by another gapwatch scan; wait for it to end, or choose another file.`)
      }
      return null // damaged or unwritable: go on unguarded
    }
    db.close()
  }
  return null
}

function held(db: Database.Database, lockFile: string): OutLock {
  let released = false
  return {
    release() {
      if (released) return
      released = true
      try {
        // Marked, then removed, while still held: see the header.
        db.exec('CREATE TABLE released (x); COMMIT')
        fs.rmSync(lockFile, { force: true })
      } catch {
        // left in the folder: reused by the next run on this file
      }
      db.close()
      try {
        fs.rmdirSync(path.dirname(lockFile)) // the folder too, once no run holds a lock in it
      } catch {
        // another run's lock is in it (ENOTEMPTY)
      }
    },
  }
}
