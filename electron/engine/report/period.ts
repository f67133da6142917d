// The period of a report: --from/--to (or from= / to=), or a preset ending now, or the last 24 h.
import { MAX_CANDLE_TIME_MS, MIN_CANDLE_TIME_MS } from '../../../shared/limits.ts'
import { MAX_REPORT_SPAN_MS, REPORT_PRESETS, type ReportPreset } from '../../../shared/report.ts'

export interface Period {
  from: number
  to: number
  preset: ReportPreset | null
}

/** A period that cannot be reported, named by the option or parameter at fault. */
export class PeriodError extends Error {
  override name = 'PeriodError'
  readonly param: string
  constructor(param: string, message: string) {
    super(message)
    this.param = param
  }
}

export function resolvePeriod(o: { from?: number; to?: number; preset?: ReportPreset }, now: number): Period {
  if (o.preset !== undefined && (o.from !== undefined || o.to !== undefined)) throw new PeriodError('preset', 'give a preset or from/to, not both.')
  if (o.preset !== undefined) return { from: now - REPORT_PRESETS[o.preset], to: now, preset: o.preset }
  const to = o.to ?? now
  const from = o.from ?? to - REPORT_PRESETS.day
  for (const [param, t] of [['from', from], ['to', to]] as const) {
    if (!(t >= MIN_CANDLE_TIME_MS && t <= MAX_CANDLE_TIME_MS)) throw new PeriodError(param, `${t} is not a time between 1970 and 2200 (epoch ms).`)
  }
  if (from >= to) throw new PeriodError('from', `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()}).`)
  if (to - from > MAX_REPORT_SPAN_MS) throw new PeriodError('from', `a report covers at most ${MAX_REPORT_SPAN_MS / 86_400_000} days.`)
  return { from, to, preset: null }
}
