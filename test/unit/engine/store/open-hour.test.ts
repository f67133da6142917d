// The open hour lives in memory and the raw log: queries still see it, restarts (clean or not, mid-
// minute or mid-hour) rebuild it, and the rollups written when it closes equal those computed from raw.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseSize, openDatabase, type Db } from '../../../../electron/engine/store/database.ts'
import { MetricStore } from '../../../../electron/engine/store/metric-store.ts'
import { rollupsFromRaw, storedRollups } from '../../../fixtures/store/rollups.ts'
import { tempDir } from '../../../helpers/temp.ts'

const HOUR = 3_600_000
const retention = { rawHours: 48, minuteDays: 30, hourDays: 730 }
const H0 = 1_700_002_800_000 // an hour boundary
let dir: string
let file: string
let db: Db
const stores: MetricStore[] = []

function open(): MetricStore {
  const store = new MetricStore(db, { retention })
  stores.push(store)
  return store
}

beforeEach(() => {
  dir = tempDir('gw-open-hour-')
  file = path.join(dir, 'gapwatch.db')
  db = openDatabase(file)
})
afterEach(() => {
  for (const s of stores.splice(0)) s.close()
  db.close()
})

/** Values a metric takes: deterministic, with repeats and negatives. */
const valueAt = (t: number, k: number) => Math.round(Math.sin(t / 7000 + k) * 1000) / 10 + 0 // never -0

describe('queries see the open hour', () => {
  it('merges the open minutes into 1-minute buckets and the open hour into 1-hour buckets', () => {
    const store = open()
    // 90 minutes: the first hour is closed (in SQLite), the last 30 minutes are open (in memory).
    for (let t = H0; t < H0 + 90 * 60_000; t += 1000) {
      store.append(t, [['x', (t / 1000) % 60]])
      store.flush()
    }
    const now = H0 + 90 * 60_000
    const minutes = store.query({ metrics: ['x'], from: H0, to: now, points: 90 }, now + 49 * HOUR)
    expect(minutes.tier).toBe('1m')
    expect(minutes.series[0].buckets).toHaveLength(90)
    for (const [t, min, max, avg] of minutes.series[0].buckets) {
      expect(t % 60_000).toBe(0)
      expect([min, max, avg]).toEqual([0, 59, 29.5])
    }
    const hours = store.query({ metrics: ['x'], from: H0, to: now, points: 2 }, now + 31 * 24 * HOUR)
    expect(hours.tier).toBe('1h')
    expect(hours.series[0].buckets.map((b) => b[0])).toEqual([H0, H0 + HOUR])
    // A bucket wider than an hour merges the stored hour with the open one.
    const wide = store.query({ metrics: ['x'], from: H0, to: now, points: 1 }, now + 31 * 24 * HOUR)
    expect(wide.series[0].buckets).toEqual([[H0, 0, 59, 29.5]])
  })
})

describe('restarts', () => {
  // Each step: [seconds of samples from the last timestamp, how the process ends].
  const runs: Array<[string, Array<[number, 'crash' | 'close' | 'none']>]> = [
    ['mid-minute, crash', [[30, 'crash'], [45, 'crash'], [100, 'none']]],
    ['mid-hour, crash', [[1800, 'crash'], [2000, 'none']]],
    ['mid-minute and mid-hour, clean', [[95, 'close'], [1800, 'close'], [3000, 'none']]],
    ['across two hour boundaries, mixed', [[3590, 'crash'], [20, 'close'], [3700, 'crash'], [10, 'none']]],
  ]
  for (const [name, steps] of runs) {
    it(`keeps every value and rollups equal to raw: ${name}`, () => {
      const expected = new Map<number, number>()
      let t = H0 + 17_000
      for (const [seconds, end] of steps) {
        const store = open()
        for (let i = 0; i < seconds; i++, t += 1000) {
          store.append(t, [['a', valueAt(t, 0)], ['b', valueAt(t, 1)]])
          expected.set(t, valueAt(t, 0))
          if (i % 3 === 2) store.flush()
        }
        store.flush()
        if (end === 'none') continue
        if (end === 'close') stores.pop()!.close()
        else stores.pop() // a crash: the store is dropped without close; only what flush wrote remains
        db.close()
        db = openDatabase(file)
      }
      // The open hour before it is written: the query already sees every value.
      const last = open()
      const q = last.query({ metrics: ['a'], from: H0, to: t, points: (t - H0) / 1000 }, t)
      expect(q.series[0].buckets.map((b) => [b[0], b[3]])).toEqual([...expected.entries()].sort((x, y) => x[0] - y[0]))
      for (const s of stores.splice(0)) s.close()
      expect(storedRollups(db)).toEqual(rollupsFromRaw(db))
      const raw = db.prepare("SELECT sum(n) AS n FROM raw_block WHERE metric_id = (SELECT id FROM metric WHERE name = 'a')").get()
      expect(raw).toEqual({ n: expected.size })
    })
  }

  it('merges a sample from an hour already written (the clock stepped back) into SQLite at once', () => {
    const store = open()
    for (let t = H0; t < H0 + HOUR + 5000; t += 1000) {
      store.append(t, [['x', 1]])
      if (store.buffered === 600) store.flush()
    }
    store.flush()
    store.append(H0 + 1500, [['x', 100]])
    store.flush()
    const raw = db.prepare('SELECT n FROM raw_block WHERE t0 = ?').get(H0) as { n: number }
    expect(raw).toEqual({ n: 61 })
    // Its rollups wait for the daily batch (pending-rollups.ts), yet queries see the value.
    const q = store.query({ metrics: ['x'], from: H0, to: H0 + HOUR, points: 1 }, H0 + 40 * 24 * HOUR)
    expect(q.series[0].buckets).toEqual([[H0, 1, 100, (3600 + 100) / 3601]])
    stores.pop()!.close()
    expect(db.prepare('SELECT max FROM rollup_1h WHERE t = ?').get(H0)).toEqual({ max: 100 })
    expect(storedRollups(db)).toEqual(rollupsFromRaw(db))
  })
})

describe('raw log', () => {
  it('cuts a torn tail, keeps what came before it, and warns', () => {
    const store = open()
    for (let t = H0; t < H0 + 10_000; t += 1000) {
      store.append(t, [['x', t]])
      store.flush()
    }
    stores.pop()
    db.close()
    const log = `${file}-rawlog`
    fs.truncateSync(log, fs.statSync(log).size - 5) // the last record half-written
    db = openDatabase(file)
    const warnings: string[] = []
    const again = new MetricStore(db, { retention, onWarning: (m) => warnings.push(m) })
    stores.push(again)
    expect(warnings.join()).toMatch(/torn record/)
    const q = again.query({ metrics: ['x'], from: H0, to: H0 + 10_000, points: 10 }, H0 + 10_000)
    expect(q.series[0].buckets.map((b) => b[3])).toEqual(Array.from({ length: 9 }, (_, k) => H0 + k * 1000))
  })

  it('counts in the database size', () => {
    const store = open()
    store.append(H0, [['x', 1]])
    store.flush()
    const size = (suffix: string) => fs.statSync(file + suffix).size
    expect(size('-rawlog')).toBeGreaterThan(8)
    expect(databaseSize(file)).toBe(size('') + size('-wal') + size('-shm') + size('-rawlog'))
  })

  it('ignores a log left beside a database that was recreated', () => {
    const store = open()
    store.append(H0, [['x', 1]])
    store.flush()
    stores.pop()
    db.close()
    fs.rmSync(file)
    db = openDatabase(file)
    const warnings: string[] = []
    stores.push(new MetricStore(db, { retention, onWarning: (m) => warnings.push(m) }))
    expect(warnings.join()).toMatch(/another database/)
    expect(stores[0].metricNames()).toEqual([])
  })
})
