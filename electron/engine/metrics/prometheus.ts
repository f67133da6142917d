// /metrics for fleets scraping `gapwatch serve`: the latest sample's series as the registry
// (shared/metrics.ts) names them in Prometheus — families with labels, base units, HELP and TYPE —
// and the engine's own cost as gapwatch_engine_*.
import type { Telemetry } from '../../../shared/contract.ts'
import { METRICS, resolveMetric, type MetricDef } from '../../../shared/metrics.ts'
import type { Sample } from '../../../shared/sample.ts'
import { engineFamilies } from './engine-metrics.ts'
import { renderExposition, type PromFamily } from './exposition.ts'
import { sampleFamilies } from './sample-metrics.ts'
import { statusFamilies, type EngineStatus } from './status-metrics.ts'
import { engineValues, sampleValues, type MetricValues } from './stored-values.ts'

export { EXPOSITION_CONTENT_TYPE } from './exposition.ts'
export type { EngineStatus } from './status-metrics.ts'

/** The stored series of a sample (as given, or computed from it) plus the engine's own (engine.ts stores the same ones). */
function storedValues(sample: Sample | null, telemetry: Telemetry | null, values?: MetricValues): MetricValues {
  const out: MetricValues = values ? [...values] : sample ? sampleValues(sample) : []
  if (telemetry) out.push(...engineValues(telemetry))
  return out
}

/**
 * The registry's families with the values of one sample, in the registry's order. `values`: the
 * sample's stored series as the engine computed them (LatestSample.values()); else computed here.
 */
export function hostFamilies(sample: Sample | null, telemetry: Telemetry | null, values?: MetricValues): PromFamily[] {
  const byDef = new Map<MetricDef, PromFamily>(METRICS.map((def) => [def, { name: def.prom.name, kind: def.kind, help: def.prom.help, series: [] }]))
  for (const [name, v] of storedValues(sample, telemetry, values)) {
    const r = resolveMetric(name)
    if (r === null || !Number.isFinite(v)) continue
    byDef.get(r.def)!.series.push({ labels: r.labels, value: v * (r.def.prom.scale ?? 1) })
  }
  return [...byDef.values()]
}

export function renderPrometheus(sample: Sample | null, telemetry: Telemetry | null = null, status: EngineStatus | null = null, values?: MetricValues): string {
  return renderExposition([...hostFamilies(sample, telemetry, values), ...sampleFamilies(sample), ...engineFamilies({ sample, telemetry }), ...statusFamilies(status)])
}

export { LatestSample } from './latest.ts'
