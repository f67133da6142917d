// The store's writers on a database that cannot grow (max_page_count pinned: SQLite answers
// SQLITE_FULL exactly as on a full disk), so these run anywhere, without root or a tmpfs (see
// test/security/disk-full.test.ts for the real thing).
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../../electron/engine/store/database.ts'
import { ZoneStore } from '../../../../electron/engine/store/zone-store.ts'
import { RunStore } from '../../../../electron/engine/store/run-store.ts'
import { SettingsStore } from '../../../../electron/engine/store/settings-store.ts'
import { WriteHealth } from '../../../../electron/engine/store/write-health.ts'
import { scan } from '../../../fixtures/store/zone-scan.ts'
import type { JobInfo } from '../../../../shared/scanner.ts'
import { tempDir } from '../../../helpers/temp.ts'

let dir: string
let db: Db
let notices: string[]
let health: WriteHealth
let clock: number
beforeEach(() => {
  dir = tempDir('gw-full-unit-')
  db = openDatabase(path.join(dir, 'gapwatch.db'))
  notices = []
  clock = 1_000_000
  health = new WriteHealth({ onError: (m) => notices.push(m), now: () => clock })
})
afterEach(() => {
  db.close()
})

/** Pins the file at its current size (a full disk), or lets it grow again. */
const full = (on: boolean) => db.pragma(`max_page_count = ${on ? (db.pragma('page_count', { simple: true }) as number) : 1_000_000}`)

const job = (id: number, state: JobInfo['state']): JobInfo => ({
  id, symbol: 'X', queue: 'live', state, attempts: 1, progress: state === 'done' ? 1 : 0, stage: state, error: null,
  workerPid: null, submittedAt: 1, startedAt: 2, finishedAt: state === 'done' ? 3 : null,
})

describe('ZoneStore on a full disk', () => {
  it('keeps the scan in memory, serves it as if stored, and writes it when there is room', () => {
    const zones = new ZoneStore(db, { health })
    zones.saveScan('X', '1m', '{}', scan(10))
    full(true)
    const r = scan(3000, 1)
    expect(zones.saveScan('X', '1m', '{}', r)).toBe(false)
    expect(zones.unsaved).toBe(1)
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/^Could not save the zones of X 1m \(database or disk is full, SQLITE_FULL\); they are kept in memory/)

    // Reads answer from memory: the same answers the database gives once it is written.
    const queries = [{}, { openOnly: true }, { visibleFrom: 4000 }, { visibleFrom: 4000, openOnly: true, limit: 7 }, { limit: 0 }]
    const fromMemory = queries.map((q) => zones.zones('X', '1m', q))
    const scansFromMemory = zones.scans().map(({ scannedAt: _, ...s }) => s)
    expect(zones.zoneCount('X', '1m')).toBe(3000)
    zones.retryPending()
    expect(zones.unsaved).toBe(1) // still full: still waiting, not announced again
    expect(notices).toHaveLength(1)

    full(false)
    zones.retryPending()
    expect(zones.unsaved).toBe(0)
    expect(queries.map((q) => zones.zones('X', '1m', q))).toEqual(fromMemory)
    expect(zones.scans().map(({ scannedAt: _, ...s }) => s)).toEqual(scansFromMemory)
    expect(zones.zoneCount('X', '1m')).toBe(3000)
  })

  it('without a health (the CLI) still throws', () => {
    const zones = new ZoneStore(db)
    full(true)
    expect(() => zones.saveScan('X', '1m', '{}', scan(3000))).toThrow(/full/)
  })
})

describe('RunStore on a full disk', () => {
  it('queues run and job records in order and replays them with the same run ids (1,000 runs: more than the free pages hold)', () => {
    const runs = new RunStore(db, { health })
    const first = runs.startRun('scan', 2, 1)
    runs.recordJob(first, '1m', job(1, 'done'), { candles: 10, fvgs: 2 })
    full(true)
    const ids: number[] = []
    for (let k = 0; k < 1000; k++) {
      const id = runs.startRun('scan', 2, 1)
      ids.push(id)
      runs.recordJob(id, '1m', job(k + 2, 'queued'))
      runs.recordJob(id, '1m', job(k + 2, 'done'), { candles: 100, fvgs: 7 })
    }
    // Whether the first few fit in the last free page or not, the rest wait, in order.
    expect(runs.unsaved).toBeGreaterThan(0)
    expect(notices).toHaveLength(1)
    full(false)
    runs.retryPending()
    expect(runs.unsaved).toBe(0)
    expect(new Set(ids).size).toBe(1000)
    const stored = runs.runs(2000)
    expect(stored.map((r) => r.id).sort((a, b) => Number(a) - Number(b))).toEqual([first, ...ids])
    expect(stored.every((r) => r.done === 1 && r.finished_at !== null)).toBe(true)
    expect(runs.jobs(ids[999])).toMatchObject([{ state: 'done', candles: 100, fvgs: 7 }])
  })
})

describe('SettingsStore on a full disk', () => {
  it('refuses the change with the cause and leaves the settings as they were', () => {
    const settings = new SettingsStore(db, () => {}, { health })
    const before = settings.get()
    // A one-row update fits in the table's existing page, so a pinned size would not stop it: the
    // connection is made read-only instead (the same failure path, another SQLite code).
    db.pragma('query_only = ON')
    expect(() => settings.update({ workers: before.workers + 1 })).toThrow(/^The settings could not be saved \(attempt to write a readonly database.*\); nothing was changed\.$/)
    expect(settings.get()).toEqual(before)
    expect(notices).toHaveLength(1)
    db.pragma('query_only = OFF')
    expect(settings.update({ workers: before.workers + 1 }).workers).toBe(before.workers + 1)
    expect(new SettingsStore(db).get().workers).toBe(before.workers + 1)
  })
})

describe('WriteHealth', () => {
  it('announces an episode once, and a new one only after a success and a quiet minute', () => {
    const err = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    health.failed('a', err, 'kept.')
    health.failed('b', err, 'kept.')
    expect(notices).toEqual(['Could not save a (database or disk is full, SQLITE_FULL); kept.'])
    health.succeeded()
    clock += 10_000
    health.failed('c', err, 'kept.') // flapping within the minute: quiet
    expect(notices).toHaveLength(1)
    health.succeeded()
    clock += 60_000
    health.report('History writes failed.')
    expect(notices).toEqual(['Could not save a (database or disk is full, SQLITE_FULL); kept.', 'History writes failed.'])
    expect(health.failures).toBe(4)
  })
})
