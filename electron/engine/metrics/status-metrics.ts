// The engine's work as /metrics families: the scanner pool (throughput, queue, finished jobs) and the
// alerts firing by severity. Names and help are declared in shared/metrics.ts (STATUS_PROM_METRICS).
import { SEVERITIES, type Alert } from '../../../shared/alerts.ts'
import { STATUS_PROM_METRICS, type StatusPromMetric } from '../../../shared/metrics.ts'
import type { PoolStats } from '../../../shared/scanner.ts'
import type { PromFamily, PromSeries } from './exposition.ts'

export interface EngineStatus {
  pool: PoolStats | null
  alerts: readonly Alert[]
}

const one = (v: number | undefined): PromSeries[] => (v === undefined || !Number.isFinite(v) ? [] : [{ labels: {}, value: v }])

const VALUES: Record<StatusPromMetric, (s: EngineStatus) => PromSeries[]> = {
  gapwatch_pool_workers: ({ pool }) => one(pool?.size),
  gapwatch_pool_jobs_queued: ({ pool }) => one(pool?.queued),
  gapwatch_pool_jobs_running: ({ pool }) => one(pool?.running),
  gapwatch_pool_jobs_finished_total: ({ pool }) =>
    pool === null ? [] : (['done', 'failed', 'cancelled'] as const).map((outcome) => ({ labels: { outcome }, value: pool[outcome] })),
  gapwatch_pool_candles_per_second: ({ pool }) => one(pool?.candlesPerSec),
  gapwatch_pool_fvgs_per_second: ({ pool }) => one(pool?.fvgsPerSec),
  // every severity, 0 included, so a fleet's sum and alerting see the series before the first alert
  gapwatch_alerts_firing: ({ alerts }) => SEVERITIES.map((severity) => ({ labels: { severity }, value: alerts.filter((a) => a.state === 'firing' && a.severity === severity).length })),
}

export function statusFamilies(status: EngineStatus | null): PromFamily[] {
  return (Object.keys(STATUS_PROM_METRICS) as StatusPromMetric[]).map((name) => ({ name, ...STATUS_PROM_METRICS[name], series: status === null ? [] : VALUES[name](status) }))
}
