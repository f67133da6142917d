// Closed hours' rollups wait in memory and are written in one batch every ROLLUP_BATCH_HOURS (store/pending-rollups.ts):
// queries see them meanwhile, a crash rebuilds them from raw, retention never removes raw blocks whose
// rollups are unwritten, and a database at the previous schema keeps its rollups without counting twice.
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../../electron/engine/store/database.ts'
import { migrations } from '../../../../electron/engine/store/migrations.ts'
import { MetricStore } from '../../../../electron/engine/store/metric-store.ts'
import { ROLLUP_BATCH_HOURS } from '../../../../electron/engine/store/history-writer.ts'
import type { Retention } from '../../../../electron/engine/store/tiers.ts'
import { rollupsFromRaw, storedRollups, type RollupRow } from '../../../fixtures/store/rollups.ts'
import { tempDir } from '../../../helpers/temp.ts'

const HOUR = 3_600_000
const H0 = 1_700_002_800_000 // an hour boundary
const retention: Retention = { rawHours: 48, minuteDays: 30, hourDays: 730 }
let dir: string
let file: string
let db: Db

beforeEach(() => {
  dir = tempDir('gw-pending-')
  file = path.join(dir, 'gapwatch.db')
  db = openDatabase(file)
})
afterEach(() => {
  db.close()
})

const valueAt = (t: number, k: number) => Math.round(Math.sin(t / 7000 + k) * 1000) / 10 + 0

/** 1 Hz samples of metrics a and b over [from, to), flushed every 10 minutes. */
function feed(store: MetricStore, from: number, to: number): void {
  for (let t = from; t < to; t += 1000) {
    store.append(t, [['a', valueAt(t, 0)], ['b', valueAt(t, 1)]])
    if (store.buffered === 600) store.flush()
  }
  store.flush()
}

const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n
const rollupMark = () => count('SELECT rollup_until AS n FROM store_mark')

/** What the store's 1m and 1h tiers return for metric a over [from, to), as rollup rows. */
function queried(store: MetricStore, from: number, to: number): { minute: RollupRow[]; hour: RollupRow[] } {
  const id = count("SELECT id AS n FROM metric WHERE name = 'a'")
  const far = to + 60 * 24 * HOUR // old enough for the 1h tier; the 1m tier is asked with its own `now`
  const m = store.query({ metrics: ['a'], from, to, points: (to - from) / 60_000 }, to + 49 * HOUR)
  const h = store.query({ metrics: ['a'], from, to, points: (to - from) / HOUR }, far)
  expect([m.tier, h.tier]).toEqual(['1m', '1h'])
  // Buckets carry the average; the raw fixture carries the sum: compare min, max and average.
  const rows = (buckets: Array<[number, number, number, number]>) => buckets.map(([t, min, max, avg]) => ({ metric_id: id, t, min, max, avg: Math.round(avg * 1e6) / 1e6 }))
  return { minute: rows(m.series[0].buckets), hour: rows(h.series[0].buckets) } as unknown as { minute: RollupRow[]; hour: RollupRow[] }
}

/** The raw fixture's rollups of metric a over [from, to), shaped like `queried`. */
function fromRaw(from: number, to: number) {
  const id = count("SELECT id AS n FROM metric WHERE name = 'a'")
  const pick = (rows: RollupRow[]) =>
    rows.filter((r) => r.metric_id === id && r.t >= from && r.t < to).map((r) => ({ metric_id: id, t: r.t, min: r.min, max: r.max, avg: Math.round((r.sum / r.count) * 1e6) / 1e6 }))
  const all = rollupsFromRaw(db)
  return { minute: pick(all.minute), hour: pick(all.hour) }
}

it('writes closed hours only to raw until a batch of them is due, then their rollups in one batch; queries see them all along', () => {
  const store = new MetricStore(db, { retention, now: () => H0 + 30 * HOUR })
  // A fresh database: the first hour to close is written with its rollups at once.
  feed(store, H0, H0 + HOUR + 1000)
  expect(rollupMark()).toBe(H0 + HOUR)
  expect(count('SELECT count(*) AS n FROM rollup_1m')).toBe(2 * 60)
  feed(store, H0 + HOUR + 1000, H0 + 3 * HOUR + 1000)
  // Two more hours closed: their raw blocks are in SQLite, their rollups pending.
  expect(count('SELECT count(*) AS n FROM raw_block')).toBe(2 * 3 * 60)
  expect(count('SELECT count(*) AS n FROM rollup_1m')).toBe(2 * 60)
  expect(count('SELECT count(*) AS n FROM rollup_1h')).toBe(2)
  expect(queried(store, H0, H0 + 3 * HOUR)).toEqual(fromRaw(H0, H0 + 3 * HOUR))
  // The hour closing ROLLUP_BATCH_HOURS after the mark writes every pending hour's rollups.
  feed(store, H0 + 3 * HOUR + 1000, H0 + (1 + ROLLUP_BATCH_HOURS) * HOUR - 1000)
  expect(count('SELECT count(*) AS n FROM rollup_1h')).toBe(2)
  feed(store, H0 + (1 + ROLLUP_BATCH_HOURS) * HOUR - 1000, H0 + (1 + ROLLUP_BATCH_HOURS) * HOUR + 1000)
  expect(rollupMark()).toBe(H0 + (1 + ROLLUP_BATCH_HOURS) * HOUR)
  expect(count('SELECT count(*) AS n FROM rollup_1h')).toBe(2 * (1 + ROLLUP_BATCH_HOURS))
  expect(storedRollups(db)).toEqual(rollupsFromRaw(db))
  store.close()
  expect(storedRollups(db)).toEqual(rollupsFromRaw(db))
})

it('rebuilds pending rollups from raw after a crash, mid-hour, and writes them at shutdown', () => {
  let store = new MetricStore(db, { retention })
  feed(store, H0, H0 + 3 * HOUR + 25 * 60_000 + 13_000)
  // A crash: the store is dropped without close; hours 2 and 3 have pending rollups, the fourth is open.
  db.close()
  db = openDatabase(file)
  store = new MetricStore(db, { retention })
  expect(count('SELECT count(*) AS n FROM rollup_1h')).toBe(2)
  expect(queried(store, H0, H0 + 3 * HOUR)).toEqual(fromRaw(H0, H0 + 3 * HOUR))
  // The open hour's minutes come from the replayed raw log.
  const open = store.query({ metrics: ['a'], from: H0 + 3 * HOUR, to: H0 + 3 * HOUR + 25 * 60_000, points: 25 }, H0 + 60 * HOUR)
  expect(open.tier).toBe('1m')
  expect(open.series[0].buckets).toHaveLength(25)
  store.close()
  expect(rollupMark()).toBe(H0 + 4 * HOUR)
  expect(storedRollups(db)).toEqual(rollupsFromRaw(db))
  // After the clean shutdown nothing is pending or counted twice.
  store = new MetricStore(db, { retention })
  expect(queried(store, H0, H0 + 4 * HOUR)).toEqual(fromRaw(H0, H0 + 4 * HOUR))
  store.close()
})

it('batches every half raw retention when that is shorter than a batch, so raw blocks never expire before their rollups are written', () => {
  const short = { ...retention, rawHours: 4 }
  let now = H0
  const store = new MetricStore(db, { retention: short, now: () => now })
  for (let h = 0; h < 9; h++) {
    now = H0 + (h + 1) * HOUR
    feed(store, H0 + h * HOUR, H0 + (h + 1) * HOUR)
    store.applyRetention(now)
  }
  feed(store, H0 + 9 * HOUR, H0 + 9 * HOUR + 1000)
  // Raw keeps ~4 h; every minute of the 9 closed hours has its rollup row.
  expect(count("SELECT min(t0) AS n FROM raw_block")).toBeGreaterThan(H0 + 4 * HOUR)
  expect(count('SELECT count(*) AS n FROM rollup_1m')).toBe(2 * 9 * 60)
  store.close()
})

it('migrates a database of the previous schema: rolled-up hours stay in the tables and are not counted twice', () => {
  const store = new MetricStore(db, { retention })
  feed(store, H0, H0 + 2 * HOUR + 30 * 60_000) // two hours closed, half an hour open
  store.close() // the previous version also wrote the open half hour with its rollups at shutdown
  expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
  // Back to version 5: store_mark had no rollup_until.
  db.exec('ALTER TABLE store_mark DROP COLUMN rollup_until; DROP TABLE symbol_option')
  db.pragma('user_version = 5')
  db.close()
  db = openDatabase(file)
  expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
  expect(rollupMark()).toBe(H0 + 3 * HOUR)
  const again = new MetricStore(db, { retention })
  expect(queried(again, H0, H0 + 3 * HOUR)).toEqual(fromRaw(H0, H0 + 3 * HOUR))
  again.close()
  expect(storedRollups(db)).toEqual(rollupsFromRaw(db))
})
