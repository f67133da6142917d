// The Alerts view's data: engine commands as TanStack queries (refetched on the engine's `alert`
// event, see client/queries.ts), the badge summary, and the time and rule helpers its parts share.
import { format, formatDistanceStrict } from 'date-fns'
import type { Alert, Rule, Severity } from '../../../../shared/alerts.ts'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { useCommand } from '../../client/queries.ts'

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

export function useActiveAlerts(client: GapwatchClient) {
  return useCommand(client, 'alertsActive', {})
}

export function useRules(client: GapwatchClient) {
  return useCommand(client, 'rulesList', {})
}

export interface AlertSummary {
  /** Firing alerts nobody muted (what the tray counts too). */
  count: number
  worst: Severity | null
}

/** What the tab badge and the window title show: firing, unmuted alerts and their worst severity. */
export function summarize(active: readonly Alert[] | undefined): AlertSummary {
  const loud = (active ?? []).filter((a) => a.state === 'firing' && a.muted === null)
  let worst: Severity | null = null
  for (const a of loud) if (worst === null || SEVERITY_RANK[a.severity] > SEVERITY_RANK[worst]) worst = a.severity
  return { count: loud.length, worst }
}

export function useAlertSummary(client: GapwatchClient): AlertSummary {
  return summarize(useActiveAlerts(client).data)
}

/**
 * Whether `t` is a time a Date can hold: past ±8.64e15 ms (a silence stored until 1e300 by an older
 * version) formatting throws "Invalid time value", and one such row blanked the whole dashboard.
 */
function isTime(t: number): boolean {
  return Number.isFinite(new Date(t).getTime())
}

/** The ISO form of `t` (a cell's title), or "—" for a time no date can show. */
export function iso(t: number): string {
  return isTime(t) ? new Date(t).toISOString() : '—'
}

/** "3 min ago" / "in 1 h" from `now`; "—" for a time no date can show. */
export function relative(t: number, now: number): string {
  if (!isTime(t) || !isTime(now)) return '—'
  // `now` moves in steps: an event a few seconds old may look a little ahead of it.
  if (Math.abs(t - now) < 10_000) return 'just now'
  const d = formatDistanceStrict(t, now, { roundingMethod: 'floor' })
  return t <= now ? `${d} ago` : `in ${d}`
}

/** Local wall-clock time, with the date when it is not today; "—" for a time no date can show. */
export function absolute(t: number, now: number): string {
  if (!isTime(t) || !isTime(now)) return '—'
  const sameDay = new Date(t).toDateString() === new Date(now).toDateString()
  return format(t, sameDay ? 'HH:mm:ss' : 'yyyy-MM-dd HH:mm:ss')
}

/** The condition of a rule as a trader reads it: "> 90", "avg 5m > 90", "score ≥ 4 (ewma)". */
export function thresholdOf(rule: Rule | undefined): string {
  if (rule?.kind === 'anomaly') return `score ≥ ${rule.score} (${rule.method}, ${rule.direction})`
  if (rule?.kind === 'threshold') {
    const agg = rule.aggregate === 'last' ? '' : `${rule.aggregate} ${rule.window} `
    return `${agg}${rule.op} ${rule.threshold}` + (rule.clear !== undefined ? ` (clears at ${rule.clear})` : '')
  }
  return '—'
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}
