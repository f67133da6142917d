// Series appended for the same sample time (the host's, then the engine's own) make one raw-log
// record: the first carries the metric ids, the next tick's, with the same metrics, does not (8 bytes
// a value instead of 12). Nothing changes in what is stored, queried or replayed after a crash.
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, fileSize, type Db } from '../../../../electron/engine/store/database.ts'
import { MetricStore } from '../../../../electron/engine/store/metric-store.ts'
import { tempDir } from '../../../helpers/temp.ts'

const retention = { rawHours: 48, minuteDays: 30, hourDays: 730 }
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0)
/** A record: u32 length, u32 CRC, f64 t, u32 count; then per value an f64 (and a u32 id when ids are written). */
const recordBytes = (n: number, withIds: boolean) => 8 + 12 + n * (withIds ? 12 : 8)

let file: string
let db: Db
beforeEach(() => {
  file = path.join(tempDir('gw-append-'), 'gapwatch.db')
  db = openDatabase(file)
})
afterEach(() => db.close())

/** One tick as the engine appends it: the sample's series, then the engine's own at the same time. */
function tick(store: MetricStore, i: number): void {
  const t = T0 + i * 1000
  store.append(t, [
    ['cpu.total', i],
    ['mem.used', 100 + i],
    ['net.rx_bps', 200 + i],
  ])
  store.append(t, [
    ['engine.cpu', 0.1 * i],
    ['engine.rss', 1000 + i],
  ])
}

describe('MetricStore.append at one sample time', () => {
  it('writes one raw-log record a tick, with the ids only when the metrics change', () => {
    const store = new MetricStore(db, { retention })
    const log = `${file}-rawlog`
    const sizes = [fileSize(log)]
    for (let i = 0; i < 3; i++) {
      tick(store, i)
      expect(store.buffered).toBe(1)
      store.flush()
      sizes.push(fileSize(log))
    }
    expect(sizes[1] - sizes[0]).toBe(recordBytes(5, true))
    expect(sizes[2] - sizes[1]).toBe(recordBytes(5, false))
    expect(sizes[3] - sizes[2]).toBe(recordBytes(5, false))
    store.close()
  })

  it('stores, queries and replays every series of the tick', () => {
    const crashed = new MetricStore(db, { retention, now: () => T0 + 10_000 })
    for (let i = 0; i < 4; i++) {
      tick(crashed, i)
      crashed.flush()
    }
    // No close(): a crash. The next store replays the raw log.
    const store = new MetricStore(db, { retention, now: () => T0 + 10_000 })
    const r = store.query({ metrics: ['cpu.total', 'engine.rss'], from: T0, to: T0 + 4000, points: 4 })
    expect(r.series.map((s) => s.buckets.map((b) => b[3]))).toEqual([
      [0, 1, 2, 3],
      [1000, 1001, 1002, 1003],
    ])
    store.close()
  })
})
