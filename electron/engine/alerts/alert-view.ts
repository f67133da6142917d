// What a rule's evaluator shows as an alert (its message rendered, its times): pure, from the
// evaluator's rule and status, shared by the log, the events and the active list (alert-engine.ts).
import { defaultMessage, renderMessage, type Alert, type AlertState, type Muted } from '../../../shared/alerts.ts'
import type { RuleEvaluator } from './evaluator.ts'

export function alertMessage(ev: RuleEvaluator): string {
  const r = ev.rule
  return renderMessage(r.message ?? defaultMessage(r), {
    value: ev.status.value,
    threshold: ev.status.threshold,
    for: ev.forText,
    labels: r.labels,
  })
}

export function alertView(ev: RuleEvaluator, acknowledgedAt: number | null, state: AlertState, t: number, muted: Muted): Alert {
  const r = ev.rule
  const s = ev.status
  return {
    rule: r.name,
    metric: r.metric,
    severity: r.severity,
    labels: r.labels,
    state,
    activeAt: s.activeAt,
    firedAt: state === 'pending' || state === 'inactive' ? null : s.firedAt,
    resolvedAt: state === 'resolved' ? t : null,
    value: s.value,
    message: alertMessage(ev),
    muted,
    acknowledgedAt,
  }
}
