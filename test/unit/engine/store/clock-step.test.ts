// A clock set back by more than the open hour (a correction the engine's SteadyClock adopted after
// the wall clock had run ahead): the store closes the future hour and opens the batch's, so later
// samples are appended to the raw log again instead of each flush being a SQLite transaction (a
// "late" sample) until real time reaches the hour that was ahead.
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../../electron/engine/store/database.ts'
import { MetricStore } from '../../../../electron/engine/store/metric-store.ts'
import { tempDir } from '../../../helpers/temp.ts'

const HOUR = 3_600_000
const retention = { rawHours: 48, minuteDays: 30, hourDays: 730 }
const T = Date.UTC(2026, 11, 2, 10, 30)
let db: Db
let store: MetricStore

beforeEach(() => {
  db = openDatabase(path.join(tempDir('gw-clock-step-'), 'gapwatch.db'))
  store = new MetricStore(db, { retention, now: () => T + 10_000 })
})
afterEach(() => {
  store.close()
  db.close()
})

describe('metric store after a clock set back', () => {
  it('opens the hour of samples taken after the step back, and logs them again', () => {
    for (let s = 0; s < 5; s++) store.append(T + 3 * 24 * HOUR + s * 1000, [['cpu.total', 50]])
    expect(store.flush()).toBe(true)
    store.append(T + 5000, [['cpu.total', 10]])
    expect(store.flush()).toBe(true)
    const logged = store.logBytes
    store.append(T + 6000, [['cpu.total', 11]])
    expect(store.flush()).toBe(true)
    // Appended to the log: the open hour is the samples' own, not the one 3 days ahead.
    expect(store.logBytes).toBeGreaterThan(logged)
    const at = (from: number) => store.query({ metrics: ['cpu.total'], from, to: from + 10_000, points: 10 }, T + 10_000).series[0].buckets.map((b) => b[3])
    // Nothing lost: the 2 samples after the step are in the open hour, the 5 taken ahead in SQLite.
    expect(at(T)).toEqual([10, 11])
    expect(at(T + 3 * 24 * HOUR)).toEqual([50, 50, 50, 50, 50])
  })
})
