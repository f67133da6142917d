// The report's cost section: the cost analysis (electron/engine/cost) over the report's period, with
// Settings → Cost and the host's capacity. Null where it cannot run (no capacity, bad settings): the
// page then says there is no cost analysis, the rest of the report stands.
import type { Db } from '../store/database.ts'
import type { MetricStore } from '../store/metric-store.ts'
import { BYTES_PER_GB, LOOKBACK_DAYS, type CostReport, type CostSettings } from '../../../shared/cost.ts'
import type { Report } from '../../../shared/report.ts'
import { analyseCost } from '../cost/analyse.ts'
import { loadCostHistory } from '../cost/history.ts'
import { costInputOf } from '../cost/service.ts'

const DAY = 86_400_000

export function costOfPeriod(
  src: { metrics: MetricStore; db: Db; settings: CostSettings; host: Report['host'] },
  from: number,
  to: number,
  now: number,
): CostReport | null {
  const { cores, memoryBytes } = src.host
  const host = cores !== null && memoryBytes !== null ? { cores, memoryGb: Math.round((memoryBytes / BYTES_PER_GB) * 100) / 100 } : null
  const lookbackDays = Math.min(LOOKBACK_DAYS.max, Math.max(LOOKBACK_DAYS.min, Math.ceil((to - from) / DAY)))
  try {
    const input = costInputOf(src.settings, { lookbackDays }, host)
    return analyseCost(input, loadCostHistory(src.metrics, src.db, { from, to }, input.capacity.memoryGb, now))
  } catch {
    return null
  }
}
