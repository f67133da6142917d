// Why a firing alert is not delivered, Alertmanager's way: a silence matches it (by rule name or by
// labels, until it expires), or an inhibition applies (a firing critical mutes the warnings and
// infos that share its `group` label), or its metric has no data.
import type { Muted, Severity, Silence } from '../../../shared/alerts.ts'

export interface MuteSubject {
  rule: string
  severity: Severity
  labels: Record<string, string>
}

export function silenceMatches(s: Silence, a: MuteSubject, now: number): boolean {
  if (s.until <= now) return false
  if (s.rule !== null && s.rule !== a.rule) return false
  for (const [k, v] of Object.entries(s.labels)) if (a.labels[k] !== v) return false
  return true
}

/** True when a firing critical alert of the same group mutes this one. */
export function inhibited(a: MuteSubject, firingCriticals: Iterable<MuteSubject>): boolean {
  const group = a.labels.group
  if (a.severity === 'critical' || group === undefined) return false
  for (const c of firingCriticals) if (c.rule !== a.rule && c.labels.group === group) return true
  return false
}

export function mutedOf(
  a: MuteSubject,
  o: { silences: readonly Silence[]; now: number; noData: boolean; firingCriticals: Iterable<MuteSubject> },
): Muted {
  if (o.silences.some((s) => silenceMatches(s, a, o.now))) return 'silenced'
  if (o.noData) return 'no-data'
  if (inhibited(a, o.firingCriticals)) return 'inhibited'
  return null
}
