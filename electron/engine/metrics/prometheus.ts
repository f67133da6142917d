// Prometheus text exposition of the latest sample and the engine's own cost, for fleets scraping
// `gapwatch serve`.
import { metricsOf, type Sample } from '../../../shared/sample.ts'
import type { Telemetry } from '../../../shared/contract.ts'

/** `cpu.core.0` → `gapwatch_cpu_core_0`; anything outside [a-zA-Z0-9_] becomes `_`. */
export function promName(metric: string): string {
  return `gapwatch_${metric.replace(/[^a-zA-Z0-9_]/g, '_')}`
}

interface PromMetric {
  name: string
  type: 'gauge' | 'counter'
  help: string
  value: number | null
}

/** The engine's whole-tree self-telemetry as gapwatch_engine_* metrics, in base units. */
export function engineMetrics(t: Telemetry | null): PromMetric[] {
  if (t === null) return []
  const tree = 'the engine and its pool workers'
  return [
    { name: 'gapwatch_engine_cpu_percent', type: 'gauge', help: `CPU of ${tree}, % of one core over the last sample interval.`, value: t.cpuPercent },
    { name: 'gapwatch_engine_rss_bytes', type: 'gauge', help: `Resident memory of ${tree}.`, value: t.rssBytes },
    { name: 'gapwatch_engine_pss_bytes', type: 'gauge', help: `Proportional set size of ${tree} (RSS where PSS is unreadable).`, value: t.pssBytes },
    { name: 'gapwatch_engine_disk_written_bytes_total', type: 'counter', help: `Bytes ${tree} caused to be written to storage since the engine started.`, value: t.diskWrittenBytes },
    { name: 'gapwatch_engine_disk_written_bytes_per_hour', type: 'gauge', help: `Bytes written to storage per hour by ${tree}, over the last 10 minutes.`, value: t.diskWrittenBytesPerHour },
    { name: 'gapwatch_engine_processes', type: 'gauge', help: `Processes counted: ${tree}.`, value: t.processes },
    ...(['p50', 'p99', 'max'] as const).map((q): PromMetric => ({
      name: `gapwatch_engine_event_loop_delay_${q}_seconds`, type: 'gauge',
      help: `Event-loop delay of the engine's thread, ${q === 'max' ? 'maximum' : `${q.slice(1)}th percentile`} over the last 10-20 s.`,
      value: t.eventLoopDelay[`${q}Ms`] / 1000,
    })),
    { name: 'gapwatch_engine_db_bytes', type: 'gauge', help: 'Size of the history database, its WAL and shared-memory files.', value: t.dbBytes },
  ]
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : 'NaN')

export function renderPrometheus(sample: Sample | null, engine: Telemetry | null = null): string {
  const lines: string[] = []
  for (const m of engineMetrics(engine)) {
    if (m.value === null) continue
    lines.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, `${m.name} ${num(m.value)}`)
  }
  if (sample) for (const [name, v] of metricsOf(sample)) lines.push(`# TYPE ${promName(name)} gauge`, `${promName(name)} ${num(v)}`)
  return `${lines.join('\n')}\n`
}
