// The export preview's period: the last day, week or month (ending now), or custom dates read as
// UTC midnights, as `gapwatch report --from 2026-11-23 --to 2026-11-30` reads them.
import type { ReportParams, ReportPreset } from '../../../../shared/report.ts'

export type PeriodChoice = ReportPreset | 'custom'
export const PERIOD_CHOICES: readonly PeriodChoice[] = ['day', 'week', 'month', 'custom']

const DATE = /^\d{4}-\d\d-\d\d$/

/** The `report` command's parameters, or a message naming the field at fault. */
export function periodParams(choice: PeriodChoice, from: string, to: string): { params: ReportParams } | { error: string } {
  if (choice !== 'custom') return { params: { preset: choice } }
  const f = DATE.test(from) ? Date.parse(from) : NaN
  const t = DATE.test(to) ? Date.parse(to) : NaN
  if (!Number.isFinite(f)) return { error: 'From: pick a date.' }
  if (!Number.isFinite(t)) return { error: 'To: pick a date.' }
  if (f >= t) return { error: `From (${from}) must be before To (${to}).` }
  return { params: { from: f, to: t } }
}

/** "YYYY-MM-DD" of a UTC day, `days` before `now`. */
export function utcDate(now: number, daysBefore = 0): string {
  return new Date(now - daysBefore * 86_400_000).toISOString().slice(0, 10)
}

/** /api/report's URL of the previewed period (its exact ends, so the download is what the preview shows). */
export function reportUrl(period: { from: string; to: string }, format: 'json' | 'pdf' | 'html'): string {
  return `/api/report?from=${Date.parse(period.from)}&to=${Date.parse(period.to)}&format=${format}`
}
