// The look-back read from the store: one point a minute, memory from mem.used or, in an imported
// trace, mem.used_pct of the capacity; GPUs averaged (utilisation) and summed (power); gaps left
// out; candles scanned from the pool runs of the range.
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../../electron/engine/store/database.ts'
import { MetricStore } from '../../../../electron/engine/store/metric-store.ts'
import { loadCostHistory, lookbackRange } from '../../../../electron/engine/cost/history.ts'

const MINUTE = 60_000
const END = Date.UTC(2026, 10, 20)
const open: Array<{ db: Db; store: MetricStore }> = []
afterEach(() => {
  for (const { db, store } of open.splice(0)) {
    store.close()
    db.close()
  }
})

function storeWith(minutes: number, values: (m: number) => Array<[string, number]> | null): { db: Db; store: MetricStore } {
  const db = openDatabase(':memory:')
  const store = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 }, now: () => END })
  for (let m = 0; m < minutes; m++) {
    const v = values(m)
    // Two samples a minute: the minute's mean and its peak differ.
    if (v) for (const [dt, k] of [[0, 0.5], [30_000, 1.5]]) store.append(END - (minutes - m) * MINUTE + dt, v.map(([n, x]) => [n, x * k] as [string, number]))
  }
  store.flush()
  const o = { db, store }
  open.push(o)
  return o
}

describe('loadCostHistory', () => {
  it('reads one point a minute with its mean and peak, GPUs averaged and their power summed', () => {
    const { db, store } = storeWith(120, (m) => [['cpu.total', 20], ['cpu.iowait', 2], ['mem.used', 4e9], ['gpu.0.util', 10], ['gpu.1.util', 30], ['gpu.0.power', 50], ['gpu.1.power', 70], ['cpu.core.0', m]])
    const h = loadCostHistory(store, db, lookbackRange(1, END), 16, END)
    expect(h.stepMs).toBe(MINUTE)
    expect(h.t.length).toBe(120)
    // Samples at ×0.5 and ×1.5: mean ×1, peak ×1.5.
    expect([h.cpuPct[0], h.cpuPeakPct[0], h.iowaitPct[0], h.memBytes[0], h.memPeakBytes[0]]).toEqual([20, 30, 2, 4e9, 6e9])
    expect(h.gpuPct![0]).toBe(20) // (10 + 30) / 2
    expect(h.gpuPowerW![0]).toBe(120) // 50 + 70
    expect(h.candlesScanned).toBeNull()
  })

  it('takes memory from mem.used_pct of the capacity when only the share was recorded, and leaves gaps out', () => {
    const { db, store } = storeWith(180, (m) => (m >= 60 && m < 120 ? null : [['cpu.total', 10], ['mem.used_pct', 25]]))
    const h = loadCostHistory(store, db, lookbackRange(1, END), 16, END)
    expect(h.t.length).toBe(120)
    expect(h.t[60] - h.t[59]).toBe(61 * MINUTE)
    expect(h.memBytes[0]).toBe(4e9) // 25 % of 16 GB
    expect(h.gpuPct).toBeUndefined()
  })

  it('counts the candles of the pool runs that started in the range', () => {
    const { db, store } = storeWith(10, () => [['cpu.total', 10]])
    const insert = db.prepare('INSERT INTO pool_run (id, kind, started_at, workers, jobs, candles) VALUES (?, ?, ?, 1, 1, ?)')
    insert.run(1, 'scan', END - 3600_000, 400_000)
    insert.run(2, 'scan', END - 2 * 86_400_000, 1_000_000) // before the 1-day look-back
    expect(loadCostHistory(store, db, lookbackRange(1, END), 16, END).candlesScanned).toBe(400_000)
  })
})
