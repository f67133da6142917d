// The report's alerts: every firing that overlaps the period (from the alert log, with the state each
// rule was in when the period began) and the time each rule spent firing within it.
import type { Db } from '../store/database.ts'
import type { Severity } from '../../../shared/alerts.ts'
import type { AlertsSection } from '../../../shared/report.ts'

interface Row {
  t: number
  rule: string
  severity: Severity
  state: string
  value: number | null
}

interface Open {
  rule: string
  severity: Severity
  start: number
  peak: number | null
}

const maxOrNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b))

export function alertsSection(db: Db, from: number, to: number): AlertsSection {
  // The last entry of each rule before the period (SQLite takes the bare columns from the max(t) row).
  const before = db.prepare('SELECT rule, severity, state, value, max(t) AS t FROM alert_log WHERE t < ? GROUP BY rule').all(from) as Row[]
  const rows = db.prepare('SELECT t, rule, severity, state, value FROM alert_log WHERE t >= ? AND t < ? ORDER BY t, id').all(from, to) as Row[]
  const open = new Map<string, Open>()
  for (const r of before) if (r.state === 'firing') open.set(r.rule, { rule: r.rule, severity: r.severity, start: r.t, peak: r.value })
  const closed: Array<Open & { end: number | null }> = []
  for (const r of rows) {
    const o = open.get(r.rule)
    if (r.state === 'firing') {
      if (o) o.peak = maxOrNull(o.peak, r.value)
      else open.set(r.rule, { rule: r.rule, severity: r.severity, start: r.t, peak: r.value })
    } else if (r.state === 'resolved' && o) {
      open.delete(r.rule)
      closed.push({ ...o, peak: maxOrNull(o.peak, r.value), end: r.t })
    }
  }
  for (const o of open.values()) closed.push({ ...o, end: null })
  closed.sort((a, b) => a.start - b.start || (a.rule < b.rule ? -1 : 1))
  const byRule = new Map<string, { rule: string; severity: Severity; firings: number; timeInAlertMs: number }>()
  for (const f of closed) {
    const r = byRule.get(f.rule) ?? { rule: f.rule, severity: f.severity, firings: 0, timeInAlertMs: 0 }
    r.firings++
    r.timeInAlertMs += Math.min(f.end ?? to, to) - Math.max(f.start, from)
    byRule.set(f.rule, r)
  }
  return {
    firings: closed.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      start: new Date(f.start).toISOString(),
      end: f.end === null ? null : new Date(f.end).toISOString(),
      peak: f.peak,
    })),
    byRule: [...byRule.values()].sort((a, b) => b.timeInAlertMs - a.timeInAlertMs || (a.rule < b.rule ? -1 : 1)),
  }
}
