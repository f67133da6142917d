// The schedule form's logic, pure: the draft checked with the settings' own schema
// (ReportScheduleSchema: croner reads the cron, Intl the zone), errors by field, and the next runs
// in the zone, as croner will fire them.
import { Cron } from 'croner'
import { ReportScheduleSchema, type ReportSchedule } from '../../../../shared/report.ts'

export type ScheduleDraft = Omit<ReportSchedule, 'keep'> & { keep: string }
export type ScheduleErrors = Partial<Record<keyof ReportSchedule, string>>

const FIELD: Record<keyof ReportSchedule, string> = { enabled: 'Enabled', cron: 'Cron', tz: 'Time zone', preset: 'Period', keep: 'Keep', formats: 'Formats' }

export function draftOf(s: ReportSchedule): ScheduleDraft {
  return { ...s, keep: String(s.keep) }
}

/** The schedule to save, or the errors by field, each naming the field and the value. */
export function checkDraft(d: ScheduleDraft): { schedule: ReportSchedule } | { errors: ScheduleErrors } {
  const keep = /^\s*\d+\s*$/.test(d.keep) ? Number(d.keep) : NaN
  const parsed = ReportScheduleSchema.safeParse({ ...d, keep })
  if (parsed.success) return { schedule: parsed.data }
  const errors: ScheduleErrors = {}
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof ReportSchedule
    if (errors[key]) continue
    const value = key === 'keep' ? d.keep : key === 'cron' ? d.cron : key === 'tz' ? d.tz : null
    const message = key === 'keep' ? 'must be a whole number from 1 to 1000' : issue.message
    errors[key] = `${FIELD[key] ?? key}${value === null ? '' : ` "${String(value).slice(0, 60)}"`}: ${message}.`
  }
  return { errors }
}

/** The next `n` runs after `after`, formatted in the zone ("Mon 2026-12-07 17:00 GMT"); [] when the cron or zone is bad. */
export function nextRuns(cron: string, tz: string, after: number, n = 3): string[] {
  let runs: Date[]
  let format: Intl.DateTimeFormat
  try {
    runs = new Cron(cron, { timezone: tz, paused: true }).nextRuns(n, new Date(after))
    format = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' })
  } catch {
    return []
  }
  return runs.map((d) => {
    const p = Object.fromEntries(format.formatToParts(d).map((x) => [x.type, x.value]))
    return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`
  })
}
