import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../../electron/engine/store/database.ts'
import { MetricStore } from '../../../../electron/engine/store/metric-store.ts'
import { bucketWidth, chooseTier } from '../../../../electron/engine/store/tiers.ts'
import { tempDir } from '../../../helpers/temp.ts'

const HOUR = 3_600_000
const retention = { rawHours: 48, minuteDays: 30, hourDays: 730 }
let dir: string
let db: Db

beforeEach(() => {
  dir = tempDir('gw-store-')
  db = openDatabase(path.join(dir, 'test.db'))
})
afterEach(() => {
  db.close()
})

describe('tier choice', () => {
  const now = 1_700_000_000_000
  it('uses raw inside the raw retention, then 1m, then 1h', () => {
    expect(chooseTier(now - 47 * HOUR, now, retention)).toBe('raw')
    expect(chooseTier(now - 48 * HOUR, now, retention)).toBe('raw')
    expect(chooseTier(now - 49 * HOUR, now, retention)).toBe('1m')
    expect(chooseTier(now - 30 * 24 * HOUR, now, retention)).toBe('1m')
    expect(chooseTier(now - 31 * 24 * HOUR, now, retention)).toBe('1h')
  })
  it('follows a changed retention', () => {
    expect(chooseTier(now - 3 * HOUR, now, { ...retention, rawHours: 2 })).toBe('1m')
  })
  it('makes bucket widths whole multiples of the tier resolution', () => {
    expect(bucketWidth(0, 86_400_000, 1000, 'raw')).toBe(86_400)
    expect(bucketWidth(0, 7 * 24 * HOUR, 1000, '1m')).toBe(11 * 60_000)
    expect(bucketWidth(0, 10 * 60_000, 1000, '1m')).toBe(60_000)
    expect(bucketWidth(0, 365 * 24 * HOUR, 1000, '1h')).toBe(9 * HOUR)
  })
})

describe('rollups', () => {
  it('equal one pass over the values, however the flushes fall, once the hour is written', () => {
    const store = new MetricStore(db, { retention })
    const t0 = 1_700_000_040_000 - (1_700_000_040_000 % HOUR)
    const values = Array.from({ length: 600 }, (_, i) => Math.sin(i) * 100 + i)
    values.forEach((v, i) => {
      store.append(t0 + i * 1000, [['cpu.total', v]])
      if (i % 7 === 0) store.flush()
    })
    store.close()
    const rows = db.prepare('SELECT t, min, max, sum, count FROM rollup_1m ORDER BY t').all() as Array<Record<string, number>>
    expect(rows).toHaveLength(10)
    rows.forEach((r, k) => {
      const slice = values.slice(k * 60, k * 60 + 60)
      expect(r.t).toBe(t0 + k * 60_000)
      expect(r.min).toBe(Math.min(...slice))
      expect(r.max).toBe(Math.max(...slice))
      expect(r.count).toBe(60)
      expect(r.sum).toBeCloseTo(slice.reduce((a, b) => a + b, 0), 6)
    })
    const hour = db.prepare('SELECT min, max, count FROM rollup_1h').get() as Record<string, number>
    expect(hour).toEqual({ min: Math.min(...values), max: Math.max(...values), count: 600 })
  })

  it('writes nothing to the history tables until an hour closes, then that hour once', () => {
    const store = new MetricStore(db, { retention })
    const h0 = 1_700_000_000_000 - (1_700_000_000_000 % HOUR)
    const rows = () => db.prepare('SELECT (SELECT count(*) FROM raw_block) AS raw, (SELECT count(*) FROM rollup_1m) AS m, (SELECT count(*) FROM rollup_1h) AS h').get()
    for (let t = h0; t < h0 + HOUR; t += 1000) {
      store.append(t, [['a', 1], ['b', 2]])
      store.flush()
    }
    expect(rows()).toEqual({ raw: 0, m: 0, h: 0 })
    store.append(h0 + HOUR, [['a', 1], ['b', 2]])
    store.flush()
    expect(rows()).toEqual({ raw: 120, m: 120, h: 2 })
  })
})

describe('query', () => {
  it('returns at most `points` buckets from raw, and a one-second spike survives', () => {
    const now = 1_700_000_000_000
    const store = new MetricStore(db, { retention, now: () => now })
    const from = now - 24 * HOUR
    const spikeAt = from + 12_345_000
    for (let t = from; t < now; t += 1000) {
      store.append(t, [['cpu.total', t === spikeAt ? 99 : 10]])
      if (store.buffered === 3000) store.flush()
    }
    store.flush()
    const r = store.query({ metrics: ['cpu.total', 'nope'], from, to: now, points: 1000 })
    expect(r.tier).toBe('raw')
    const buckets = r.series[0].buckets
    expect(buckets.length).toBeLessThanOrEqual(1000)
    expect(buckets.length).toBeGreaterThan(990)
    expect(Math.max(...buckets.map((b) => b[2]))).toBe(99)
    const spike = buckets.find((b) => b[2] === 99)!
    expect(spike[0]).toBeLessThanOrEqual(spikeAt)
    expect(spike[0] + r.bucketMs).toBeGreaterThan(spikeAt)
    expect(spike[1]).toBe(10)
    expect(r.series[1]).toEqual({ metric: 'nope', buckets: [] })
  })

  it('reads the 1-minute tier for ranges older than raw retention, with min/max/avg', () => {
    const now = 1_699_999_200_000 // on an hour boundary, so every minute is whole
    const store = new MetricStore(db, { retention: { ...retention, rawHours: 1 }, now: () => now })
    const from = now - 3 * HOUR
    for (let t = from; t < now; t += 1000) {
      store.append(t, [['mem.used', (t / 1000) % 60]])
      if (store.buffered === 3000) store.flush()
    }
    store.flush()
    const r = store.query({ metrics: ['mem.used'], from, to: now, points: 90 })
    expect(r.tier).toBe('1m')
    expect(r.bucketMs).toBe(120_000)
    for (const [, min, max, avg] of r.series[0].buckets) {
      expect(min).toBe(0)
      expect(max).toBe(59)
      expect(avg).toBeCloseTo(29.5, 9)
    }
  })
})

describe('new metrics', () => {
  it('are registered in one commit, not one each (each commit writes whole pages to the WAL)', () => {
    db.pragma('wal_checkpoint(TRUNCATE)')
    const store = new MetricStore(db, { retention })
    store.append(1000, Array.from({ length: 24 }, (_, i) => [`m.${i}`, i] as const))
    store.flush()
    const frames = (fs.statSync(path.join(dir, 'test.db-wal')).size - 32) / (8192 + 24)
    expect(frames).toBeLessThanOrEqual(3)
    expect(store.metricNames()).toHaveLength(24)
    store.close()
  })
})

describe('raw blocks', () => {
  it('keeps values sorted, replaces a repeated timestamp, and keeps an open minute across a restart', () => {
    const file = path.join(dir, 'test.db')
    const store = new MetricStore(db, { retention })
    store.append(5000, [['x', 5]])
    store.append(1000, [['x', 1]]) // the clock stepped back
    store.append(3000, [['x', 3]])
    store.append(3000, [['x', 33]])
    store.flush()
    db.close() // no store.close(): as after a crash, the raw log holds the minute
    db = openDatabase(file)
    const again = new MetricStore(db, { retention })
    again.append(7000, [['x', 7]])
    again.flush()
    const q = again.query({ metrics: ['x'], from: 0, to: 60_000, points: 60 }, 60_000)
    expect(q.series[0].buckets.map((b) => [b[0], b[3]])).toEqual([
      [1000, 1],
      [3000, 33],
      [5000, 5],
      [7000, 7],
    ])
    again.close()
    expect(db.prepare('SELECT count(*) AS n FROM raw_block').get()).toEqual({ n: 1 })
    const minute = db.prepare('SELECT count, sum FROM rollup_1m').get()
    expect(minute).toEqual({ count: 4, sum: 46 }) // computed from raw: the replaced value is gone
  })
})

describe('retention', () => {
  it('deletes each tier past its own horizon', () => {
    const now = 1_700_000_000_000
    const store = new MetricStore(db, { retention: { rawHours: 1, minuteDays: 1, hourDays: 2 }, now: () => now })
    for (const age of [10 * 60_000, 2 * HOUR, 30 * HOUR, 3 * 24 * HOUR]) store.append(now - age, [['x', 1]])
    store.flush()
    const removed = store.applyRetention()
    expect(removed).toEqual({ raw: 3, '1m': 2, '1h': 1 })
    store.close() // the newest sample's hour is still open: write it
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    expect([count('raw_block'), count('rollup_1m'), count('rollup_1h')]).toEqual([1, 2, 3])
  })
})

describe('failed writes', () => {
  it('keeps samples in memory, reports once, and writes them when the disk recovers', () => {
    const errors: string[] = []
    const store = new MetricStore(db, { retention, onError: (m) => errors.push(m) })
    store.append(1000, [['cpu.total', 1]])
    expect(store.flush()).toBe(true)
    // A trigger stands in for a full disk: writing the closed hour fails until it is dropped.
    db.exec("CREATE TRIGGER full BEFORE INSERT ON raw_block BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END")
    store.append(HOUR + 1000, [['cpu.total', 2]])
    expect(store.flush()).toBe(false)
    store.append(HOUR + 2000, [['cpu.total', 3]])
    expect(store.flush()).toBe(false)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/disk is full/)
    expect(store.buffered).toBe(2)
    db.exec('DROP TRIGGER full')
    expect(store.flush()).toBe(true)
    expect(store.buffered).toBe(0)
    expect((db.prepare('SELECT sum(n) AS n FROM raw_block').get() as { n: number }).n).toBe(1)
    expect(store.query({ metrics: ['cpu.total'], from: 0, to: 2 * HOUR, points: 7200 }, 2 * HOUR).series[0].buckets).toEqual([
      [1000, 1, 1, 1],
      [HOUR + 1000, 2, 2, 2],
      [HOUR + 2000, 3, 3, 3],
    ])
    store.close()
  })

  it('caps what it keeps in memory, dropping the oldest', () => {
    const errors: string[] = []
    const store = new MetricStore(db, { retention, maxBuffered: 3, onError: (m) => errors.push(m) })
    for (let i = 0; i < 5; i++) store.append(i * 1000, [['x', i]])
    expect(store.buffered).toBe(3)
    expect(errors.join()).toMatch(/dropped the 1 oldest/)
  })
})
