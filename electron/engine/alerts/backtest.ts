// Backtest: a rule replayed over stored history through the same evaluator as the live path
// (RuleEvaluator), at the finest tier the store holds for the range. Each bucket's average stands
// for the sample at its start (at the raw tier with a bucket of the sample interval, that is the
// sample itself).
import type { Rule, MetricRule, Firing, BacktestResult } from '../../../shared/alerts.ts'
import type { MetricStore } from '../store/metric-store.ts'
import { chooseTier } from '../store/tiers.ts'
import { RuleEvaluator } from './evaluator.ts'

const iso = (t: number) => new Date(t).toISOString()

/** Replays one series (times ascending) through a fresh evaluator; the firings it would have raised. */
export function backtestSeries(rule: MetricRule, ts: ArrayLike<number>, vs: ArrayLike<number>): Firing[] {
  const ev = new RuleEvaluator(rule)
  const out: Firing[] = []
  let open: { start: number; peak: number } | null = null
  for (let i = 0; i < ts.length; i++) {
    const tr = ev.step(ts[i], vs[i])
    if (tr === 'firing') open = { start: ts[i], peak: ev.status.peak ?? ev.status.value ?? vs[i] }
    else if (tr === 'resolved' && open) {
      out.push({ rule: rule.name, severity: rule.severity, start: iso(open.start), end: iso(ts[i]), peak: open.peak })
      open = null
    } else if (open && ev.status.peak !== null) open.peak = ev.status.peak
  }
  if (open) out.push({ rule: rule.name, severity: rule.severity, start: iso(open.start), end: null, peak: open.peak })
  return out
}

/** The step a backtest reads history at: the sample interval at the raw tier, else the tier's own. */
export function backtestStep(tier: 'raw' | '1m' | '1h', sampleIntervalMs: number): number {
  return tier === 'raw' ? sampleIntervalMs : tier === '1m' ? 60_000 : 3_600_000
}

export function backtestStore(
  store: MetricStore,
  rule: Rule,
  o: { from: number; to: number; sampleIntervalMs: number; now?: number },
): BacktestResult {
  // FVG rules alert on live scanner events, not on a stored series: nothing to replay.
  if (rule.kind === 'fvg') throw new Error(`Rule "${rule.name}" is an FVG rule: it alerts on live scanner events and has no metric history to backtest.`)
  const now = o.now ?? Date.now()
  const tier = chooseTier(o.from, now, store.retention)
  const stepMs = backtestStep(tier, o.sampleIntervalMs)
  // The store's own range query, asked for one bucket per step.
  const points = Math.max(1, Math.ceil((o.to - o.from) / stepMs))
  const q = store.query({ metrics: [rule.metric], from: o.from, to: o.to, points }, now)
  const buckets = q.series[0]?.buckets ?? []
  const ts = new Float64Array(buckets.length)
  const vs = new Float64Array(buckets.length)
  for (let i = 0; i < buckets.length; i++) {
    ts[i] = buckets[i][0]
    vs[i] = buckets[i][3]
  }
  return { tier: q.tier, stepMs: q.bucketMs, points: buckets.length, firings: backtestSeries(rule, ts, vs) }
}
