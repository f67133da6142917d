// What the desktop shows of alerts, without Electron (so it is tested as plain code): notifications
// grouped like Alertmanager's group_wait (shared/alert-group.ts), and the tray's level, tooltip and alert lines. The Electron
// adapters are notifications.ts and tray.ts.
import type { Alert, Severity } from '../../shared/alerts.ts'
import { formatValue } from '../../shared/alert-group.ts'

// The grouping is shared with the browser dashboard (shared/alert-group.ts); re-exported for the
// Electron adapters.
export { AlertGrouper, GROUP_WAIT_MS, noticeOf, realSchedule, type AlertNotice, type Schedule } from '../../shared/alert-group.ts'

// ---- the tray ----

export type TrayLevel = 'ok' | 'warning' | 'critical'
/** Alert lines in the tray menu before "and N more". */
export const TRAY_ALERTS_SHOWN = 8

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

export interface TrayView {
  level: TrayLevel
  tooltip: string
  /** "severity · rule · value", worst first, at most TRAY_ALERTS_SHOWN (plus "and N more"). */
  lines: string[]
}

/**
 * The tray from `alertsActive`: the icon is the worst severity among unmuted firing alerts (info
 * counts as ok), the tooltip their count; the menu lists every firing alert, muted ones marked.
 */
export function trayView(active: readonly Alert[]): TrayView {
  const firing = active.filter((a) => a.state === 'firing')
  const loud = firing.filter((a) => a.muted === null)
  const worst = loud.reduce((m, a) => Math.max(m, RANK[a.severity]), 0)
  const level: TrayLevel = worst === 2 ? 'critical' : worst === 1 ? 'warning' : 'ok'
  const crit = loud.filter((a) => a.severity === 'critical').length
  const tooltip =
    loud.length === 0
      ? 'Gapwatch — no alerts firing'
      : `Gapwatch — ${loud.length} alert${loud.length === 1 ? '' : 's'} firing` + (crit > 0 ? ` (${crit} critical)` : '')
  const sorted = [...firing].sort((a, b) => Number(a.muted !== null) - Number(b.muted !== null) || RANK[b.severity] - RANK[a.severity] || a.rule.localeCompare(b.rule))
  const lines = sorted
    .slice(0, TRAY_ALERTS_SHOWN)
    .map((a) => `${a.severity} · ${a.rule} · ${formatValue(a.value)}` + (a.muted ? ` (${a.muted})` : ''))
  if (sorted.length > TRAY_ALERTS_SHOWN) lines.push(`and ${sorted.length - TRAY_ALERTS_SHOWN} more`)
  return { level, tooltip, lines }
}
