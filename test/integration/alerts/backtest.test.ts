// Backtest equals live evaluation: one series fed to the live alert engine sample by sample and
// stored through the MetricStore, then replayed from the store by the backtest.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../electron/engine/store/database.ts'
import { MetricStore } from '../../../electron/engine/store/metric-store.ts'
import { AlertStore } from '../../../electron/engine/alerts/alert-store.ts'
import { AlertEngine } from '../../../electron/engine/alerts/alert-engine.ts'
import { backtestStore, backtestSeries } from '../../../electron/engine/alerts/backtest.ts'
import { RuleSchema, type AlertEvent, type Firing, type MetricRule } from '../../../shared/alerts.ts'
import { tempDir } from '../../helpers/temp.ts'

const dirs: string[] = []
const dbs: Db[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

function openStore(): { db: Db; metrics: MetricStore } {
  const dir = tempDir('gw-alerts-bt-')
  dirs.push(dir)
  const db = openDatabase(path.join(dir, 'gapwatch.db'))
  dbs.push(db)
  return { db, metrics: new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 } }) }
}

/** A CPU-like series: a deterministic noise floor with bursts of load. */
function series(n: number, seed = 7): number[] {
  let x = seed
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648)
  return Array.from({ length: n }, (_, i) => {
    const burst = i % 900 > 600 && i % 900 < 600 + ((i / 900) % 4) * 60 ? 60 : 0
    return Math.min(100, 20 + rnd() * 15 + burst + (rnd() < 0.01 ? 50 : 0))
  })
}

function liveFirings(rule: MetricRule, t0: number, vs: number[], stepMs: number): Firing[] {
  const events: AlertEvent[] = []
  const db = openDatabase(':memory:')
  const engine = new AlertEngine({ store: new AlertStore(db), rules: [rule], emit: (e) => events.push(e), now: () => t0, intervalMs: () => stepMs })
  vs.forEach((v, i) => engine.onSample(t0 + i * stepMs, [[rule.metric, v]]))
  db.close()
  const out: Firing[] = []
  for (const e of events) {
    if (e.state === 'firing') out.push({ rule: e.rule, severity: e.severity, start: new Date(e.firedAt!).toISOString(), end: null, peak: 0 })
    if (e.state === 'resolved') out.at(-1)!.end = new Date(e.resolvedAt!).toISOString()
  }
  return out
}

const rules: MetricRule[] = [
  RuleSchema.parse({ name: 'last', metric: 'cpu.total', threshold: 70, for: '30s', keep_firing_for: '10s', clear: 60 }) as MetricRule,
  RuleSchema.parse({ name: 'avg', metric: 'cpu.total', aggregate: 'avg', window: '1m', threshold: 45, for: '1m' }) as MetricRule,
  RuleSchema.parse({ name: 'p95', metric: 'cpu.total', aggregate: 'p95', window: '2m', op: '>=', threshold: 80 }) as MetricRule,
  RuleSchema.parse({ name: 'mad', kind: 'anomaly', metric: 'cpu.total', method: 'mad', window: '5m', warmup: '5m', score: 6, floor: 20 }) as MetricRule,
]

describe('backtest', () => {
  it.each(rules.map((r) => [r.name, r] as const))('equals the live evaluation on the same series (%s)', (_name, rule) => {
    const t0 = Date.UTC(2026, 0, 5, 10)
    const vs = series(3 * 3600)
    const { metrics } = openStore()
    vs.forEach((v, i) => {
      metrics.append(t0 + i * 1000, [['cpu.total', v]])
      if (i % 1000 === 999) metrics.flush() // as the engine does (once a second); the buffer is bounded
    })
    metrics.flush()
    const live = liveFirings(rule, t0, vs, 1000)
    const bt = backtestStore(metrics, rule, { from: t0, to: t0 + vs.length * 1000, sampleIntervalMs: 1000, now: t0 + vs.length * 1000 })
    expect(bt.tier).toBe('raw')
    expect(bt.points).toBe(vs.length)
    expect(live.length).toBeGreaterThan(0)
    expect(bt.firings.map(({ start, end }) => ({ start, end }))).toEqual(live.map(({ start, end }) => ({ start, end })))
  })

  it('reports start, end (null while still firing) and the peak, in the documented JSON shape', () => {
    const rule = RuleSchema.parse({ name: 'x', metric: 'cpu.total', threshold: 50, for: '2s', severity: 'critical' }) as MetricRule
    const ts = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000].map((d) => Date.UTC(2026, 0, 1) + d)
    const vs = [10, 60, 70, 90, 65, 10, 60, 60, 60]
    expect(backtestSeries(rule, ts, vs)).toEqual([
      { rule: 'x', severity: 'critical', start: '2026-01-01T00:00:03.000Z', end: '2026-01-01T00:00:05.000Z', peak: 90 },
      { rule: 'x', severity: 'critical', start: '2026-01-01T00:00:08.000Z', end: null, peak: 60 },
    ])
  })

  it('reads the 1-minute tier for ranges past the raw retention', () => {
    const { metrics } = openStore()
    const t0 = Date.UTC(2026, 0, 1)
    // Three days of one value a minute, with a 10-minute plateau at 95 on day 2.
    for (let m = 0; m < 3 * 1440; m++) {
      metrics.append(t0 + m * 60_000, [['cpu.total', m >= 2000 && m < 2010 ? 95 : 20]])
      if (m % 1000 === 999) metrics.flush()
    }
    metrics.flush()
    const rule = RuleSchema.parse({ name: 'x', metric: 'cpu.total', threshold: 90, for: '5m' }) as MetricRule
    const now = t0 + 10 * 86_400_000
    const bt = backtestStore(metrics, rule, { from: t0, to: t0 + 3 * 86_400_000, sampleIntervalMs: 1000, now })
    expect(bt.tier).toBe('1m')
    expect(bt.stepMs).toBe(60_000)
    expect(bt.firings).toEqual([
      { rule: 'x', severity: 'warning', start: new Date(t0 + 2005 * 60_000).toISOString(), end: new Date(t0 + 2010 * 60_000).toISOString(), peak: 95 },
    ])
  })
})
