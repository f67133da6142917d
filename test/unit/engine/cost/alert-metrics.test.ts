// The cost figures as alert series (issue 11): the worked example's figures, a rule
// `cost.per_trade > X` firing through the live evaluator when the figure exceeds X, figures left out
// when the report cannot give them, a failing report as one warning, and the default over-provisioned
// rule linking to the Cost view.
import { describe, expect, it } from 'vitest'
import { analyseCost } from '../../../../electron/engine/cost/analyse.ts'
import { CostMetrics, costMetricsOf } from '../../../../electron/engine/cost/alert-metrics.ts'
import { defaultRules } from '../../../../electron/engine/alerts/defaults.ts'
import { CostInputSchema, linksToCostView, type CostInputIn } from '../../../../shared/cost.ts'
import { COST_METRICS, isKnownMetric, unitOfMetric } from '../../../../shared/metrics.ts'
import { INTERMITTENT_METRICS } from '../../../../shared/alerts.ts'
import { ramp, synth } from './cost-history.ts'
import { harness, rule } from '../alerts/helpers.ts'

const GB = 1e9
const DAY_MIN = 1440
const history = synth(14 * DAY_MIN, (i) => ({ cpuPct: ramp(i, 6.2, 8.6, 240), memBytes: 13.07 * GB }))
const inputOf = (i: Partial<CostInputIn> = {}) =>
  CostInputSchema.parse({ pricing: { kind: 'per-month', cpuMonth: 15, gbMonth: 3 }, capacity: { cores: 16, memoryGb: 15.3 }, trades: 95, ...i })

describe('cost figures as metrics', () => {
  it('are declared in the registry, and their absence is not "no data"', () => {
    for (const m of Object.values(COST_METRICS)) {
      expect(isKnownMetric(m), m).toBe(true)
      expect(INTERMITTENT_METRICS.has(m), m).toBe(true)
    }
    expect(unitOfMetric(COST_METRICS.idleShare)).toBe('percent')
  })

  it('come from the report: the worked example costs 285.90 a month, 0.0989 a trade, 92.6 % of the CPU idle', () => {
    const values = Object.fromEntries(costMetricsOf(analyseCost(inputOf(), history)))
    expect(values[COST_METRICS.monthly]).toBe(285.9)
    expect(values[COST_METRICS.perTrade]).toBe(0.0989)
    // 1 − 7.4 % average busy = 92.6 % idle
    expect(values[COST_METRICS.idleShare]).toBeCloseTo(92.6, 1)
  })

  it('leave out what the report cannot give: no trade counts, no history', () => {
    const noTrades = Object.fromEntries(costMetricsOf(analyseCost(inputOf({ trades: null }), history)))
    expect(Object.keys(noTrades).sort()).toEqual([COST_METRICS.idleShare, COST_METRICS.monthly].sort())
    const empty = synth(0, () => null)
    expect(costMetricsOf(analyseCost(inputOf(), empty)).map(([m]) => m)).not.toContain(COST_METRICS.idleShare)
  })

  it('a rule `cost.per_trade > X` fires when the figure exceeds X, and not below it', () => {
    const watch = [rule({ name: 'trade-dear', metric: COST_METRICS.perTrade, op: '>', threshold: 0.05, severity: 'warning' }), rule({ name: 'trade-very-dear', metric: COST_METRICS.perTrade, op: '>', threshold: 0.2 })]
    const h = harness(watch, { step: 600_000 })
    let trades = 95
    const figures = new CostMetrics({
      report: () => analyseCost(inputOf({ trades }), history),
      record: (t, values) => h.engine.onValues(t, values),
      warn: (m) => {
        throw new Error(m)
      },
      now: () => h.clock.t,
    })
    expect(figures.run()).toContainEqual([COST_METRICS.perTrade, 0.0989])
    const fired = h.events.filter((e) => e.state === 'firing').map((e) => [e.rule, e.value])
    expect(fired).toEqual([['trade-dear', 0.0989]])
    // more trades a day: 285.9 / (1000 × 730 / 24) = 0.0094 a trade, under 0.05: resolved
    h.clock.t += 600_000
    trades = 1000
    figures.run()
    expect(h.events.at(-1)).toMatchObject({ rule: 'trade-dear', state: 'resolved' })
    expect(h.engine.active().map((a) => a.rule)).toEqual([])
  })

  it('a report that fails is one warning, repeated only when the reason changes, never an exception', () => {
    const warnings: string[] = []
    let reason = 'The current capacity is unknown'
    const figures = new CostMetrics({
      report: () => {
        throw new Error(reason)
      },
      record: () => expect.unreachable('nothing to record'),
      warn: (m) => warnings.push(m),
    })
    expect(figures.run()).toEqual([])
    figures.run()
    reason = 'Invalid cost settings'
    figures.run()
    expect(warnings).toEqual(['Cost figures for alerts not computed: The current capacity is unknown', 'Cost figures for alerts not computed: Invalid cost settings'])
  })

  it('values off the sample path do not count as a sample: a stalled sampler stays stalled', () => {
    const h = harness([rule({ name: 'trade-dear', metric: COST_METRICS.perTrade, op: '>', threshold: 0.05 })])
    h.feed(10)
    h.clock.t += 60_000
    h.engine.tick()
    expect(h.engine.active().map((a) => a.rule)).toContain('sampler-stalled')
    h.engine.onValues(h.clock.t, [[COST_METRICS.perTrade, 0.01]])
    h.engine.tick()
    expect(h.engine.active().map((a) => a.rule)).toContain('sampler-stalled')
  })

  it('the default "CPU under 35 % over 24 h" rule links to the Cost view', () => {
    const over = defaultRules.find((r) => r.name === 'cpu-overprovisioned')!
    expect(linksToCostView(over.labels)).toBe(true)
    expect(over.message).toContain('Cost view')
    expect(defaultRules.filter((r) => linksToCostView(r.labels)).map((r) => r.name)).toEqual(['cpu-overprovisioned'])
  })
})
