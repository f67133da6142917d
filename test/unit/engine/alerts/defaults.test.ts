// The first-run defaults of issue 10: every one is there, and the over-provisioned rule (CPU under
// 35 % of capacity on average over 24 h, info) fires on a quiet day and not on a busy one, replayed
// through the live evaluator on 1-minute points.
import { describe, expect, it } from 'vitest'
import { defaultRules } from '../../../../electron/engine/alerts/defaults.ts'
import { backtestSeries } from '../../../../electron/engine/alerts/backtest.ts'
import { isMetricRule, type MetricRule } from '../../../../shared/alerts.ts'

describe('default rules', () => {
  it('cover the issue’s list: CPU, memory, swap, GPU, file system, pool crash, pool throughput, over-provisioned', () => {
    expect(defaultRules.map((r) => r.name)).toEqual([
      'cpu-high',
      'memory-high',
      'swap-growing',
      'gpu-hot',
      'filesystem-full',
      'pool-worker-crashed',
      'pool-throughput-low',
      'cpu-overprovisioned',
    ])
    expect(defaultRules.every(isMetricRule)).toBe(true)
  })

  it('CPU under 35 % on average over 24 h fires (info) only after a whole quiet day', () => {
    const rule = defaultRules.find((r) => r.name === 'cpu-overprovisioned') as MetricRule
    expect(rule.severity).toBe('info')
    const t0 = Date.UTC(2026, 0, 5)
    const minutes = 30 * 60
    const ts = Array.from({ length: minutes }, (_, i) => t0 + i * 60_000)
    const quiet = backtestSeries(rule, ts, ts.map((_, i) => 20 + (i % 10)))
    expect(quiet).toHaveLength(1)
    expect(Date.parse(quiet[0].start) - t0).toBe(24 * 3_600_000) // the first point with 24 h behind it
    expect(quiet[0].end).toBeNull()
    expect(backtestSeries(rule, ts, ts.map(() => 50))).toEqual([])
  })
})
