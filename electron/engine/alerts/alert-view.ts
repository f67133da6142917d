// What the alert engine shows of one rule's live state: its Alert (the API's, events' and the log's
// shape) and its rendered message. Pure: the engine (alert-engine.ts) owns the entries and muting.
import { defaultMessage, renderMessage, type Alert, type AlertState, type Muted } from '../../../shared/alerts.ts'
import type { RuleEvaluator } from './evaluator.ts'

/** One rule's live state in the alert engine. */
export interface Entry {
  ev: RuleEvaluator
  notified: boolean
  acknowledgedAt: number | null
  /** Its window was warmed from history (or it has seen live samples): never again, times only go forward. */
  primed: boolean
}

export function messageOf(e: Entry): string {
  const r = e.ev.rule
  return renderMessage(r.message ?? defaultMessage(r), {
    value: e.ev.status.value,
    threshold: e.ev.status.threshold,
    for: e.ev.forText,
    labels: r.labels,
  })
}

export function alertOf(e: Entry, state: AlertState, t: number, muted: Muted): Alert {
  const r = e.ev.rule
  const s = e.ev.status
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
    message: messageOf(e),
    muted,
    acknowledgedAt: e.acknowledgedAt,
  }
}
