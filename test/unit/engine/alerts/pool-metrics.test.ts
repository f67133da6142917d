// Pool metrics as series (throughput, busy workers) from `poolStats` snapshots, and the default
// "pool throughput below 50 % of its 1-hour median" rule on them, with a fake clock: it fires on a
// drop, not on an idle pool, and an idle pool ends it without a no-data alert.
import { describe, expect, it } from 'vitest'
import { PoolMetrics } from '../../../../electron/engine/alerts/pool-metrics.ts'
import { defaultRules } from '../../../../electron/engine/alerts/defaults.ts'
import { POOL_METRICS } from '../../../../shared/alerts.ts'
import type { PoolStatus } from '../../../../shared/scanner.ts'
import { harness } from './helpers.ts'

/** A poolStats snapshot: workers with their finished-candle counters. */
function status(t: number, workers: Array<{ pid: number; candles: number; busy: boolean }>, running: number, queued = 0): PoolStatus {
  return {
    t,
    stats: {
      size: workers.length,
      workers: workers.map((w) => ({ ...w, jobs: 0, fvgs: 0, busyMs: 0 })),
      queued,
      queues: {},
      running,
      done: 0,
      failed: 0,
      cancelled: 0,
      candlesPerSec: 0,
      fvgsPerSec: 0,
      balance: 1,
    },
    jobs: [],
  }
}
const valueOf = (vs: Array<[string, number]>, name: string) => vs.find(([n]) => n === name)?.[1]

describe('pool metrics', () => {
  it('throughput is candles finished per second over the last minute of a busy period; none while idle', () => {
    const m = new PoolMetrics()
    const t0 = 1_000_000
    m.onStats(status(t0, [{ pid: 1, candles: 0, busy: true }, { pid: 2, candles: 0, busy: true }], 2))
    expect(valueOf(m.values(t0), POOL_METRICS.throughput)).toBeUndefined() // nothing finished yet
    expect(valueOf(m.values(t0), POOL_METRICS.busyWorkers)).toBe(2)
    // 10 s in: worker 1 finished 30,000 candles, worker 2 20,000.
    m.onStats(status(t0 + 10_000, [{ pid: 1, candles: 30_000, busy: true }, { pid: 2, candles: 20_000, busy: false }], 1))
    expect(valueOf(m.values(t0 + 10_000), POOL_METRICS.throughput)).toBe(5000)
    expect(valueOf(m.values(t0 + 10_000), POOL_METRICS.busyWorkers)).toBe(1)
    // 100 s in, another 60,000 at 90 s: the window is the last minute only.
    m.onStats(status(t0 + 90_000, [{ pid: 1, candles: 90_000, busy: true }, { pid: 2, candles: 20_000, busy: true }], 2))
    expect(valueOf(m.values(t0 + 100_000), POOL_METRICS.throughput)).toBe(1000)
    m.onStats(status(t0 + 101_000, [{ pid: 1, candles: 90_000, busy: false }, { pid: 2, candles: 20_000, busy: false }], 0))
    const idle = m.values(t0 + 102_000)
    expect(valueOf(idle, POOL_METRICS.throughput)).toBeUndefined()
    expect(valueOf(idle, POOL_METRICS.busyWorkers)).toBe(0)
    expect(valueOf(idle, POOL_METRICS.workerCrashes)).toBe(0)
  })

  it('the default throughput rule fires when throughput drops under half its median, and an idle pool ends it quietly', () => {
    const rules = defaultRules.filter((r) => r.name === 'pool-throughput-low')
    expect(rules).toHaveLength(1)
    const h = harness([...rules])
    const t0 = h.clock.t
    const m = new PoolMetrics()
    let candles = 0
    const second = (rate: number, running = 1) => {
      candles += rate
      m.onStats(status(h.clock.t, [{ pid: 7, candles, busy: running > 0 }], running))
      h.engine.onSample(h.clock.t, m.values(h.clock.t))
      h.engine.tick(h.clock.t)
      h.clock.t += 1000
    }
    for (let i = 0; i < 20 * 60; i++) second(1000) // 20 minutes at 1,000 candles/s
    expect(h.events).toEqual([])
    for (let i = 0; i < 6 * 60; i++) second(300) // then 300/s
    const firing = h.events.find((e) => e.rule === 'pool-throughput-low' && e.state === 'firing')
    expect(firing).toBeDefined()
    // Pending once the minute's rate is under 500 (about 43 s into the drop), firing 2 minutes later.
    const pendingAt = h.events.find((e) => e.state === 'pending')!.activeAt
    expect((pendingAt - t0) / 1000).toBeGreaterThan(20 * 60 + 30)
    expect((pendingAt - t0) / 1000).toBeLessThan(20 * 60 + 60)
    expect(firing!.firedAt! - pendingAt).toBe(120_000)
    expect(firing!.value!).toBeLessThan(500)
    // The pool goes idle: no throughput at all. The alert ends; no "no data" alert.
    second(0, 0)
    for (let i = 0; i < 30; i++) {
      h.engine.onSample(h.clock.t, m.values(h.clock.t))
      h.engine.tick(h.clock.t)
      h.clock.t += 1000
    }
    expect(h.events.at(-1)).toMatchObject({ rule: 'pool-throughput-low', state: 'resolved' })
    expect(h.events.some((e) => e.rule.startsWith('no-data'))).toBe(false)
    expect(h.engine.active()).toEqual([])
  })
})
