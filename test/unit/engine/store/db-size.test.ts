// The telemetry's database size re-stats the files only when SQLite wrote (this connection or another)
// or the backstop period passed, and is then the files' true size; the raw log's bytes come from the store.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, databaseSize, fileSize, type Db } from '../../../../electron/engine/store/database.ts'
import { DatabaseSize } from '../../../../electron/engine/store/db-size.ts'
import { MetricStore } from '../../../../electron/engine/store/metric-store.ts'
import { tempDir } from '../../../helpers/temp.ts'

let file: string
let db: Db
let stats: string[]
let clock: number
let logBytes: number

/** A DatabaseSize whose stats are counted, on a fake clock. */
function sizeOf(refreshMs = 60_000): DatabaseSize {
  return new DatabaseSize(db, file, {
    rawLogBytes: () => logBytes,
    refreshMs,
    now: () => clock,
    statSize: (f) => {
      stats.push(f)
      return fileSize(f)
    },
  })
}

const onDisk = () => fileSize(file) + fileSize(`${file}-wal`) + fileSize(`${file}-shm`)

beforeEach(() => {
  file = path.join(tempDir('gw-dbsize-'), 'gapwatch.db')
  db = openDatabase(file)
  db.exec('CREATE TABLE t (x BLOB)')
  stats = []
  clock = 0
  logBytes = 0
})
afterEach(() => db.close())

describe('DatabaseSize', () => {
  it('stats the three files once, then not again while nothing was written', () => {
    const size = sizeOf()
    expect(size.read()).toBe(onDisk())
    expect(stats).toEqual([file, `${file}-wal`, `${file}-shm`])
    clock += 30_000
    for (let i = 0; i < 5; i++) size.read()
    expect(stats).toHaveLength(3)
  })

  it('stats again after this connection writes, and reports the grown files', () => {
    const size = sizeOf()
    const before = size.read()
    db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024))
    const after = size.read()
    expect(stats).toHaveLength(6)
    expect(after).toBe(onDisk())
    expect(after).toBeGreaterThan(before)
  })

  it('stats again after another connection writes the same file', () => {
    const size = sizeOf()
    size.read()
    const other = new Database(file)
    try {
      other.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024))
    } finally {
      other.close()
    }
    expect(size.read()).toBe(onDisk())
    expect(stats).toHaveLength(6)
  })

  it('stats again once the refresh period passed without a write', () => {
    const size = sizeOf(60_000)
    size.read()
    clock += 59_999
    size.read()
    expect(stats).toHaveLength(3)
    clock += 1
    size.read()
    expect(stats).toHaveLength(6)
  })

  it('adds the raw log bytes as the store reports them, without a stat', () => {
    const size = sizeOf()
    const base = size.read()
    logBytes = 1234
    expect(size.read()).toBe(base + 1234)
    expect(stats).toHaveLength(3)
  })

  it("with a metric store's raw log, equals databaseSize() after each flush", () => {
    const store = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 } })
    const size = new DatabaseSize(db, file, { rawLogBytes: () => store.logBytes })
    const t0 = Date.UTC(2026, 0, 1, 10, 0, 0)
    for (let i = 0; i < 5; i++) {
      store.append(t0 + i * 1000, [
        ['cpu.total', i],
        ['mem.used', i * 2],
      ])
      store.flush()
      expect(size.read()).toBe(databaseSize(file))
    }
    expect(store.logBytes).toBe(fileSize(`${file}-rawlog`))
    store.close()
  })
})
