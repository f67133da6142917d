// The cost figures as series alert rules can watch (issue 11: "cost per trade above a threshold"):
// the monthly cost of the current capacity, its cost per trade and the idle CPU share, named in
// shared/metrics.ts COST_METRICS. Computed from the cost report at a low cadence (every 10 min, the
// analysis reads the whole look-back), then stored and evaluated like sampled values.
import { COST_METRICS } from '../../../shared/metrics.ts'
import type { CostReport } from '../../../shared/cost.ts'

/** How often the figures are recomputed. */
export const COST_METRICS_INTERVAL_MS = 10 * 60_000

/** The figures of one report; a figure the report cannot give (no trade counts, no history, no price) is left out. */
export function costMetricsOf(r: CostReport): Array<[string, number]> {
  const out: Array<[string, number]> = []
  if (r.current.monthlyCost !== null) out.push([COST_METRICS.monthly, r.current.monthlyCost])
  if (r.perTrade.current !== null) out.push([COST_METRICS.perTrade, r.perTrade.current])
  if (r.confidence.hours > 0) out.push([COST_METRICS.idleShare, r.idle.cpu * 100])
  return out.filter(([, v]) => Number.isFinite(v))
}

export interface CostMetricsOptions {
  /** The report with the saved settings; throws when it cannot be made (e.g. capacity unknown). */
  report: () => CostReport
  /** Stores the figures and hands them to the alert rules. */
  record: (t: number, values: Array<[string, number]>) => void
  warn: (message: string) => void
  now?: () => number
  intervalMs?: number
}

export class CostMetrics {
  private readonly o: CostMetricsOptions
  private timer: NodeJS.Timeout | null = null
  private lastError: string | null = null

  constructor(o: CostMetricsOptions) {
    this.o = o
  }

  /** Computes and records the figures now; a failure is one warning (repeated only when it changes), never an exception. */
  run(): Array<[string, number]> {
    try {
      const values = costMetricsOf(this.o.report())
      if (values.length > 0) this.o.record(this.o.now?.() ?? Date.now(), values)
      this.lastError = null
      return values
    } catch (err) {
      const message = `Cost figures for alerts not computed: ${(err as Error).message}`
      if (message !== this.lastError) this.o.warn(message)
      this.lastError = message
      return []
    }
  }

  /** Once now, then every interval. */
  start(): void {
    if (this.timer) return
    this.run()
    this.timer = setInterval(() => this.run(), this.o.intervalMs ?? COST_METRICS_INTERVAL_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
