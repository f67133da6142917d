// A fake clock and an alert engine on an in-memory database, for the state-machine tests.
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { AlertStore } from '../../../../electron/engine/alerts/alert-store.ts'
import { AlertEngine } from '../../../../electron/engine/alerts/alert-engine.ts'
import { RuleSchema, type AlertEvent, type Rule, type MetricRule, type ThresholdRuleInput, type AnomalyRuleInput } from '../../../../shared/alerts.ts'
import type { Db } from '../../../../electron/engine/store/database.ts'

export const rule = (r: Partial<ThresholdRuleInput> & { name: string }): MetricRule => RuleSchema.parse({ metric: 'cpu.total', threshold: 90, ...r }) as MetricRule
export const anomalyRule = (r: Partial<AnomalyRuleInput> & { name: string }): MetricRule => RuleSchema.parse({ metric: 'cpu.total', kind: 'anomaly', ...r }) as MetricRule

export interface Harness {
  engine: AlertEngine
  events: AlertEvent[]
  clock: { t: number }
  db: Db
  store: AlertStore
  /** Feeds one value of `metric` at clock time and advances the clock by `step` ms. */
  feed(v: number, metric?: string): void
  step: number
}

export function harness(rules: Rule[], o: { db?: Db; t0?: number; step?: number } = {}): Harness {
  const db = o.db ?? openDatabase(':memory:')
  const store = new AlertStore(db)
  const clock = { t: o.t0 ?? Date.UTC(2026, 0, 5, 12) }
  const events: AlertEvent[] = []
  const step = o.step ?? 1000
  const engine = new AlertEngine({ store, rules, emit: (e) => events.push(e), now: () => clock.t, intervalMs: () => step })
  return {
    engine,
    events,
    clock,
    db,
    store,
    step,
    feed(v, metric = 'cpu.total') {
      engine.onSample(clock.t, [[metric, v]])
      clock.t += step
    },
  }
}

/** The rule's events as compact strings: `firing@12` (seconds after t0). */
export function trail(h: Harness, t0: number, name?: string): string[] {
  return h.events.filter((e) => name === undefined || e.rule === name).map((e) => `${e.state}@${((e.resolvedAt ?? (e.state === 'firing' ? e.firedAt : e.activeAt))! - t0) / 1000}`)
}
