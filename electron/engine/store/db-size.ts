// The database's bytes on disk for the per-sample telemetry, without stat'ing four files after every
// flush (once a second). The database, WAL and shared-memory files only change size when SQLite writes
// a transaction: this connection's (its total_changes() moves) or another one's (data_version moves).
// So the three are stat'ed again only when one of those counters moved, and at least every
// `refreshMs` as a backstop for writes neither counter sees (DDL, a pragma). The raw log's size is
// known exactly by the metric store (store/raw-log.ts), which writes it.
import type { Statement } from 'better-sqlite3'
import type { Db } from './database.ts'
import { fileSize } from './database.ts'

export interface DatabaseSizeOptions {
  /** The raw log's size in bytes, as the metric store knows it. */
  rawLogBytes: () => number
  /** Re-stat at least this often even when no counter moved. Default 60 s. */
  refreshMs?: number
  /** For tests: a file's size (0 when absent) and a clock. */
  statSize?: (file: string) => number
  now?: () => number
}

export class DatabaseSize {
  private readonly files: string[]
  private readonly counters: Statement
  private readonly o: DatabaseSizeOptions
  private readonly statSize: (file: string) => number
  private readonly now: () => number
  private changes = -1
  private version = -1
  private statBytes = 0
  private statAt = -Infinity

  constructor(db: Db, file: string, o: DatabaseSizeOptions) {
    this.files = [file, `${file}-wal`, `${file}-shm`]
    this.counters = db.prepare('SELECT total_changes(), (SELECT data_version FROM pragma_data_version())').raw(true)
    this.o = o
    this.statSize = o.statSize ?? fileSize
    this.now = o.now ?? (() => performance.now())
  }

  /** Bytes of the database, its WAL and shared-memory files and the raw log. */
  read(): number {
    const [changes, version] = this.counters.get() as [number, number]
    const now = this.now()
    if (changes !== this.changes || version !== this.version || now - this.statAt >= (this.o.refreshMs ?? 60_000)) {
      this.changes = changes
      this.version = version
      this.statAt = now
      let total = 0
      for (const f of this.files) total += this.statSize(f)
      this.statBytes = total
    }
    return this.statBytes + this.o.rawLogBytes()
  }
}
