import { describe, expect, it } from 'vitest'
import { historyPoint, throughputBetween } from '../../../shared/pool-history.ts'
import type { PoolStatus } from '../../../shared/scanner.ts'

function status(t: number, workers: Array<{ pid: number | null; candles: number; fvgs: number }>, extra: Partial<PoolStatus['stats']> = {}): PoolStatus {
  return {
    t,
    jobs: [],
    stats: {
      size: workers.length,
      workers: workers.map((w) => ({ ...w, busy: false, jobs: 0, busyMs: 0 })),
      queued: 0,
      queues: {},
      running: 0,
      done: 0,
      failed: 0,
      cancelled: 0,
      candlesPerSec: 7,
      fvgsPerSec: 3,
      balance: 1,
      ...extra,
    },
  }
}

describe('throughputBetween', () => {
  it('is the work the workers finished between two snapshots, per second', () => {
    const a = status(1000, [{ pid: 1, candles: 100, fvgs: 10 }, { pid: 2, candles: 0, fvgs: 0 }])
    const b = status(3000, [{ pid: 1, candles: 1100, fvgs: 30 }, { pid: 2, candles: 1000, fvgs: 10 }])
    expect(throughputBetween(a, b)).toEqual({ candlesPerSec: 1000, fvgsPerSec: 15 })
  })
  it('counts a restarted worker (new pid) from zero, never negative', () => {
    const a = status(0, [{ pid: 1, candles: 5000, fvgs: 50 }])
    const b = status(1000, [{ pid: 9, candles: 200, fvgs: 2 }])
    expect(throughputBetween(a, b)).toEqual({ candlesPerSec: 200, fvgsPerSec: 2 })
  })
  it("uses the engine's rate without an earlier snapshot", () => {
    expect(throughputBetween(null, status(0, []))).toEqual({ candlesPerSec: 7, fvgsPerSec: 3 })
  })
  it('a chart point carries the queue depth of the snapshot', () => {
    expect(historyPoint(null, status(5, [], { queued: 4, running: 2 }))).toEqual({ t: 5, candlesPerSec: 7, fvgsPerSec: 3, queued: 4, running: 2 })
  })
})
