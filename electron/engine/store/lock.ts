// One engine per data directory, and a data directory that is usable, or a message that says why not.
//
// The lock is an OS lock that dies with its owner: a small SQLite database, `gapwatch.lock.sqlite`,
// held with `locking_mode=EXCLUSIVE` and a write transaction. SQLite takes POSIX (fcntl) locks, which
// the kernel drops when the process ends however it ends (SIGKILL, a crash, a reboot), and SQLite
// tracks them per file inside one process too. So a lock is never stale, and a pid written in a file
// cannot block: after a reboot the old pid may belong to any other process. The pid still goes to
// `gapwatch.lock`, for the message naming the owner and for people looking at the directory.
import type { Stats } from 'node:fs'
import { fs } from '../builtins.ts'
import path from 'node:path'
import Database from 'better-sqlite3'

export class InstanceLockedError extends Error {
  override name = 'InstanceLockedError'
}

/** The data directory cannot be created, written or locked; the message names it and the cause. */
export class DataDirError extends Error {
  override name = 'DataDirError'
}

export interface DirLock {
  release(): void
}

export const LOCK_DB = 'gapwatch.lock.sqlite'
export const PID_FILE = 'gapwatch.lock'

export function lockDataDir(dir: string): DirLock {
  const pidFile = path.join(dir, PID_FILE)
  const db = holdLock(dir, path.join(dir, LOCK_DB))
  try {
    fs.writeFileSync(pidFile, String(process.pid))
  } catch {
    // Only a note for messages (a full disk can refuse it): the OS lock is what counts. A pid
    // left from an earlier owner must not be named as ours, so it goes.
    try {
      fs.rmSync(pidFile, { force: true })
    } catch {
      // nothing more to do: the message will just not name a pid
    }
  }
  let released = false
  return {
    release() {
      if (released) return
      released = true
      try {
        if (fs.readFileSync(pidFile, 'utf8') === String(process.pid)) fs.unlinkSync(pidFile)
      } catch {
        // already gone
      }
      // The lock database stays: deleting it would let a process that opened it just before take
      // a lock on a file nobody else can see any more.
      db.close()
    },
  }
}

function holdLock(dir: string, file: string, retried = false): Database.Database {
  let db: Database.Database | null
  try {
    db = takeLock(file)
  } catch (err) {
    if (err instanceof LockOpenError) {
      throw new DataDirError(`Cannot use the data directory ${dir}: ${cause(err.cause, dir)}.`, { cause: err.cause })
    }
    const code = (err as { code?: string }).code
    if (!retried && (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')) {
      fs.rmSync(file, { force: true }) // not ours to keep: a damaged lock file holds nothing
      return holdLock(dir, file, true)
    }
    throw new DataDirError(`Cannot lock the data directory ${dir}: ${cause(err, dir)}.`, { cause: err })
  }
  if (db === null) {
    const owner = readPid(path.join(dir, PID_FILE))
    throw new InstanceLockedError(
      `Another Gapwatch${owner ? ` (pid ${owner})` : ''} is already using the data directory ${dir}. Stop it, or start this one with a different --data-dir.`,
    )
  }
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL); DELETE FROM owner; INSERT INTO owner VALUES (${process.pid}); COMMIT`)
    return db
  } catch (err) {
    db.close()
    throw new DataDirError(`Cannot lock the data directory ${dir}: ${cause(err, dir)}.`, { cause: err })
  }
}

/** The lock database could not be opened (created); `cause` is SQLite's error. */
class LockOpenError extends Error {
  override name = 'LockOpenError'
}

/** How long a process keeps trying while its lock attempts collide with another's; then it is held. */
const CONTEND_MS = 200

/**
 * Opens the lock database `file` and takes its lock: the connection is returned inside an exclusive
 * transaction (the caller writes and commits; `locking_mode=EXCLUSIVE` keeps the lock until close).
 * Null when another process holds it; other errors are thrown (the caller words them): LockOpenError
 * when the file cannot be opened, SQLite's own error when it cannot be locked.
 *
 * Every attempt first takes SQLite's SHARED lock and then upgrades it, so two processes that get
 * there at the same moment can each hold SHARED and each fail to upgrade (SQLITE_BUSY): both would
 * be refused though neither holds the lock. So a busy attempt closes (dropping all it took) and tries
 * again after a random pause of a few ms, until one wins; a lock really held stays busy for the whole
 * CONTEND_MS and only then counts as held.
 */
function takeLock(file: string): Database.Database | null {
  const deadline = Date.now() + CONTEND_MS
  for (;;) {
    let db: Database.Database
    try {
      db = new Database(file, { timeout: 0 })
    } catch (err) {
      throw new LockOpenError((err as Error).message, { cause: err })
    }
    try {
      db.pragma('locking_mode = EXCLUSIVE')
      db.pragma('journal_mode = MEMORY') // no journal file beside it (refused once in a transaction)
      db.pragma('synchronous = OFF') // a lock, not data: nothing to keep across a power loss
      db.exec('BEGIN EXCLUSIVE')
      return db
    } catch (err) {
      db.close()
      const code = (err as { code?: string }).code
      if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') throw err
    }
    if (Date.now() >= deadline) return null
    pause(1 + Math.random() * 7)
  }
}

const pauser = new Int32Array(new SharedArrayBuffer(4))
/** A synchronous wait: the callers are synchronous, and the pause is a few ms. */
function pause(ms: number): void {
  Atomics.wait(pauser, 0, 0, ms)
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/**
 * Creates the data directory if needed and checks that it can be written, with a message that
 * names the directory and the real cause. Made one level at a time, not with mkdir's `recursive`:
 * Node's recursive mkdir spins forever under /proc (mkdir there says ENOENT although /proc exists).
 */
export function ensureDataDir(dir: string): void {
  const missing: string[] = []
  let existing = path.resolve(dir)
  for (;;) {
    const st = statOrNull(existing)
    if (st) {
      if (!st.isDirectory()) {
        throw new DataDirError(
          existing === path.resolve(dir)
            ? `The data directory ${dir} is not a directory.`
            : `Cannot create the data directory ${dir}: ${existing} is a file, not a directory (ENOTDIR).`,
        )
      }
      break
    }
    missing.unshift(existing)
    const parent = path.dirname(existing)
    if (parent === existing) break
    existing = parent
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statOrNull(d)?.isDirectory()) continue
      throw new DataDirError(`Cannot create the data directory ${dir}: ${cause(err, path.dirname(d))}.`, { cause: err })
    }
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK)
  } catch (err) {
    throw new DataDirError(`Cannot write to the data directory ${dir}: ${cause(err, dir)}.`, { cause: err })
  }
}

function statOrNull(p: string): Stats | null {
  try {
    return fs.statSync(p)
  } catch {
    return null
  }
}

/** The cause in words, with the errno code; an ENOENT where the folder exists is what it really is. */
function cause(err: unknown, where?: string): string {
  const code = (err as NodeJS.ErrnoException).code
  switch (code) {
    case 'EROFS':
      return `${where ?? 'it'} is on a read-only file system (EROFS)`
    case 'EACCES':
    case 'EPERM':
      return `permission denied${where ? ` on ${where}` : ''} (${code})`
    case 'ENOSPC':
      return `the disk is full (ENOSPC)`
    case 'ENOTDIR':
      return `a part of the path is a file, not a directory (ENOTDIR)`
    case 'ENOENT':
      if (where && statOrNull(where)?.isDirectory()) return `${where} exists but refuses new entries (ENOENT: a virtual file system such as /proc or /sys?)`
      return `a part of the path does not exist (ENOENT)`
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_FULL') {
    return `${(err as Error).message} (${code}${where ? `; ${probe(where)}` : ''})`
  }
  return `${(err as Error).message}${code ? ` (${code})` : ''}`
}

/** Why a directory SQLite could not write to refuses writes, asked of the file system. */
function probe(dir: string): string {
  try {
    fs.accessSync(dir, fs.constants.W_OK)
    return `${dir} is writable`
  } catch (err) {
    return cause(err, dir)
  }
}
