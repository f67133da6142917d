// The series one sample adds to the history: the sample's own (shared/sample.ts metricsOf), the
// derived ones (shared/alerts.ts derivedMetricsOf) and the engine's own cost. Computed once per
// sample by the engine and shared by the store, the alert rules and /metrics (latest.ts).
import { derivedMetricsOf } from '../../../shared/alerts.ts'
import type { EngineUsage } from '../../../shared/contract.ts'
import { metricName } from '../../../shared/metrics.ts'
import { metricsOf, type Sample } from '../../../shared/sample.ts'

export type MetricValues = Array<[string, number]>

const ENGINE_CPU = metricName('engine.cpu')
const ENGINE_RSS = metricName('engine.rss')

/** The sample's series and the derived ones, in that order. */
export function sampleValues(sample: Sample): MetricValues {
  const values = metricsOf(sample)
  for (const d of derivedMetricsOf(sample)) values.push(d)
  return values
}

/** The engine's own cost as series: CPU (% of one core) and resident memory of the whole tree. */
export function engineValues(usage: Pick<EngineUsage, 'cpuPercent' | 'rssBytes'>): MetricValues {
  return [
    [ENGINE_CPU, usage.cpuPercent],
    [ENGINE_RSS, usage.rssBytes],
  ]
}
