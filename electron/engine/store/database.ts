// Opens the SQLite file: WAL, synchronous=NORMAL, numbered migrations in user_version. A file that
// is not a database, or fails quick_check, is moved aside as `<name>.corrupt-<timestamp>` and a
// fresh one is created; the caller is told through `onWarning`. A database of another program (one
// with another application_id, or tables but no Gapwatch schema) is refused, never migrated into.
import { fs } from '../builtins.ts'
import Database from 'better-sqlite3'
import { DataDirError } from './lock.ts'
import { migrations } from './migrations.ts'

/** PRAGMA application_id of Gapwatch's database ('GpWt'), set when it is created or first opened. */
export const APPLICATION_ID = 0x47705774

export type Db = Database.Database

export interface OpenOptions {
  onWarning?: (message: string) => void
  /** How long a write waits for another program's lock before SQLITE_BUSY (default 2000 ms; the engine's is short). */
  busyTimeoutMs?: number
  /** For tests: a clock for the corrupt-file suffix. */
  now?: () => Date
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  try {
    return prepare(new Database(file), file, options.busyTimeoutMs ?? 2000)
  } catch (err) {
    if (!isCorruption(err)) throw openError(file, err)
    const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')
    const moved = `${file}.corrupt-${stamp}`
    fs.renameSync(file, moved)
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, moved + suffix)
    }
    options.onWarning?.(
      `The history database ${file} was damaged (${(err as Error).message}); it was moved to ${moved} and a new one was started.`,
    )
    return prepare(new Database(file), file, options.busyTimeoutMs ?? 2000)
  }
}

function prepare(db: Db, file: string, busyTimeoutMs: number): Db {
  try {
    // 8 KB pages (set before WAL, so only a new file takes them): a minute block at 4 Hz (~2.2 KB)
    // fills a 4 KB page alone, wasting half of every page written; 8 KB pages hold three.
    db.pragma('page_size = 8192')
    refuseForeign(db, file) // before WAL: another program's file is not changed at all
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`)
    // The WAL is reused after each checkpoint; this only bounds the file left on disk.
    db.pragma('journal_size_limit = 16777216')
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new CorruptDatabaseError(`quick_check: ${String(check)}`)
    migrate(db)
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/**
 * Throws (DataDirError: the caller's to fix, exit 2) when the file is another program's database:
 * another application_id, or (none set, as in files from before it was) tables without Gapwatch's
 * first one at schema 0 or above. Migrating into it once added 16 tables beside a `users` table.
 */
function refuseForeign(db: Db, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number
  if (appId === APPLICATION_ID) return
  const version = db.pragma('user_version', { simple: true }) as number
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
  const ours = appId === 0 && (version === 0 ? tables.length === 0 : tables.includes('metric'))
  if (ours) return
  const shown = tables.length === 0 ? 'no tables' : `tables: ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? `, … (${tables.length})` : ''}`
  const id = appId !== 0 ? `application_id ${appId}, ` : ''
  throw new DataDirError(`${file} is an SQLite database of another program (${id}${shown}), not Gapwatch's: move it away or use another data directory (--data-dir).`)
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new Error(`The database is from a newer Gapwatch (schema ${current}, this version knows ${migrations.length}).`)
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v])
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}

/** An error opening the file that is not damage (permissions, read-only, full): named, with its cause. */
function openError(file: string, err: unknown): Error {
  const code = (err as { code?: unknown }).code
  if (typeof code !== 'string' || !/^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|FULL|AUTH)/.test(code)) return err as Error
  return new Error(`Cannot open the history database ${file}: ${(err as Error).message} (${code}).`, { cause: err })
}

export class CorruptDatabaseError extends Error {
  override name = 'CorruptDatabaseError'
}

function isCorruption(err: unknown): boolean {
  if (err instanceof CorruptDatabaseError) return true
  const code = (err as { code?: unknown }).code
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
}

/** Bytes on disk of the database, its WAL and shared-memory files, and the metric store's raw log. */
export function databaseSize(file: string): number {
  let total = 0
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-rawlog`]) total += fileSize(f)
  return total
}

/** A file's size in bytes; an absent (or unreadable) file is zero. */
export function fileSize(file: string): number {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0
  } catch {
    return 0
  }
}
