// The engine's own cost as gapwatch_engine_* families, in base units. Names and help are declared in
// shared/metrics.ts (ENGINE_PROM_METRICS); this file only says where each value comes from.
import { ENGINE_PROM_METRICS, type EnginePromMetric } from '../../../shared/metrics.ts'
import type { Telemetry } from '../../../shared/contract.ts'
import type { Sample } from '../../../shared/sample.ts'
import type { PromFamily, PromSeries } from './exposition.ts'

type Source = { telemetry: Telemetry | null; sample: Sample | null }
const one = (v: number | null | undefined): PromSeries[] => (v === null || v === undefined || !Number.isFinite(v) ? [] : [{ labels: {}, value: v }])

/**
 * Where each engine series comes from. A new gapwatch_engine_* series: declare the name in
 * ENGINE_PROM_METRICS, then give its value below.
 */
const VALUES: Record<EnginePromMetric, (s: Source) => PromSeries[]> = {
  gapwatch_engine_pss_bytes: ({ telemetry }) => one(telemetry?.pssBytes),
  gapwatch_engine_disk_written_bytes_total: ({ telemetry }) => one(telemetry?.diskWrittenBytes),
  gapwatch_engine_processes: ({ telemetry }) => one(telemetry?.processes),
  gapwatch_engine_database_bytes: ({ telemetry }) => one(telemetry?.dbBytes),
  gapwatch_engine_event_loop_delay_p50_seconds: ({ telemetry }) => one(telemetry ? telemetry.eventLoopDelay.p50Ms / 1000 : null),
  gapwatch_engine_event_loop_delay_p99_seconds: ({ telemetry }) => one(telemetry ? telemetry.eventLoopDelay.p99Ms / 1000 : null),
  gapwatch_engine_event_loop_delay_max_seconds: ({ telemetry }) => one(telemetry ? telemetry.eventLoopDelay.maxMs / 1000 : null),
  gapwatch_engine_tick_duration_seconds: ({ sample }) => one(sample ? sample.telemetry.tickMs / 1000 : null),
  gapwatch_engine_collector_duration_seconds: ({ sample }) =>
    Object.entries(sample?.telemetry.collectorsMs ?? {})
      .filter(([, ms]) => Number.isFinite(ms))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([collector, ms]) => ({ labels: { collector }, value: ms / 1000 })),
}

export function engineFamilies(source: Source): PromFamily[] {
  return (Object.keys(ENGINE_PROM_METRICS) as EnginePromMetric[]).map((name) => ({ name, ...ENGINE_PROM_METRICS[name], series: VALUES[name](source) }))
}
