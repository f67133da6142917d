// The history of a data directory another process writes (the app or `gapwatch serve` holds the
// writer lock), for read-only commands: `rules backtest`, `history export`, `cost`, `report`. SQLite
// opened `readonly` (no migrations, no raw-log replay or truncation, no writes); WAL readers see the
// writer's committed data. The open hour lives only in the writer's raw log until the hour closes,
// so it is absent here: the note says so.
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Db } from './database.ts'
import { migrations } from './migrations.ts'
import { MetricStore } from './metric-store.ts'
import { SettingsStore } from './settings-store.ts'
import type { Settings } from '../../../shared/settings.ts'

export const READ_ONLY_NOTE =
  'Gapwatch is running on this data directory, so it was opened read-only: the current hour of samples (still in the running app\'s raw log) is not included.'

export interface ReadOnlyHistory {
  db: Db
  metrics: MetricStore
  settings: Settings
  close(): void
}

export function openReadOnlyHistory(dir: string, warn: (message: string) => void = () => {}): ReadOnlyHistory {
  const file = path.join(dir, 'gapwatch.db')
  let db: Db
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (err) {
    throw new Error(`Cannot open ${file} read-only: ${(err as Error).message}`, { cause: err })
  }
  try {
    db.pragma('busy_timeout = 2000')
    const version = db.pragma('user_version', { simple: true }) as number
    if (version !== migrations.length) {
      throw new Error(`${file} has schema version ${version}; this Gapwatch reads version ${migrations.length} (read-only, so it is not migrated: stop the app or use a matching version).`)
    }
    const settings = new SettingsStore(db, warn).get()
    const metrics = new MetricStore(db, { retention: settings.retention, onWarning: warn, readOnly: true })
    return {
      db,
      metrics,
      settings,
      close() {
        db.close()
      },
    }
  } catch (err) {
    db.close()
    throw err
  }
}
