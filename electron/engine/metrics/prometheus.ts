// Prometheus text exposition of the latest sample, for fleets scraping `gapwatch serve`.
import { metricsOf, type Sample } from '../../../shared/sample.ts'

/** `cpu.core.0` → `gapwatch_cpu_core_0`; anything outside [a-zA-Z0-9_] becomes `_`. */
export function promName(metric: string): string {
  return `gapwatch_${metric.replace(/[^a-zA-Z0-9_]/g, '_')}`
}

export function renderPrometheus(sample: Sample | null, extra: Record<string, number> = {}): string {
  const lines: string[] = []
  const emit = (name: string, v: number) => {
    lines.push(`# TYPE ${name} gauge`, `${name} ${Number.isFinite(v) ? v : 'NaN'}`)
  }
  for (const [name, v] of Object.entries(extra)) emit(promName(name), v)
  if (sample) for (const [name, v] of metricsOf(sample)) emit(promName(name), v)
  return `${lines.join('\n')}\n`
}
