// The cost figures in the engine: computed from Settings → Cost and the stored history, stored as
// series (queryable like sampled ones, so backtests and charts see them) and evaluated by the rules:
// a saved rule `cost.per_trade > X` fires when the figure is above X.
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import type { Alert } from '../../../shared/alerts.ts'
import { COST_METRICS } from '../../../shared/metrics.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop()
})

const MINUTE = 60_000
const cost = { pricing: { kind: 'per-month', cpuMonth: 10, gbMonth: 2 }, capacity: { cores: 8, memoryGb: 32 }, trades: 100 } as const

describe('cost figures in the engine', () => {
  it('stores cost.per_trade and fires a rule on it', async () => {
    const e = new Engine({ dataDir: tempDir(), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    engines.push(e)
    await e.call('setSettings', { cost })
    const end = Math.floor(Date.now() / MINUTE) * MINUTE
    for (let t = end - 36 * 60 * MINUTE; t < end; t += MINUTE) e.metrics.append(t, [['cpu.total', 25], ['mem.used', 6e9]])
    expect(e.metrics.flush()).toBe(true)
    await e.call('rulesSave', { rule: { name: 'trade-dear', metric: COST_METRICS.perTrade, threshold: 0.04, severity: 'warning', labels: { group: 'cost' } } })
    await e.call('rulesSave', { rule: { name: 'trade-very-dear', metric: COST_METRICS.perTrade, threshold: 1 } })

    const values = Object.fromEntries(e.costMetrics.run())
    // 8 × 10 + 32 × 2 = 144 a month; 100 × 730 / 24 = 3041.67 trades a month: 0.0473 a trade; 75 % idle
    expect(values).toEqual({ [COST_METRICS.monthly]: 144, [COST_METRICS.perTrade]: 0.0473, [COST_METRICS.idleShare]: 75 })
    const active = (await e.call('alertsActive', {})) as Alert[]
    expect(active.map((a) => [a.rule, a.state, a.value])).toEqual([['trade-dear', 'firing', 0.0473]])

    expect(e.metrics.flush()).toBe(true)
    const q = e.metrics.query({ metrics: [COST_METRICS.perTrade], from: end - 60 * MINUTE, to: Date.now() + MINUTE, points: 60 })
    expect(q.series[0].buckets.map((b) => b[3])).toContain(0.0473)
  })
})
