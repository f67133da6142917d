// The parts of a sample /metrics exports beside the stored series: per interface (`interface` label),
// per filesystem (`device` and `mount`), memory and swap sizes. Names and help are declared in
// shared/metrics.ts (SAMPLE_PROM_METRICS).
import { SAMPLE_PROM_METRICS, type SamplePromMetric } from '../../../shared/metrics.ts'
import type { Sample } from '../../../shared/sample.ts'
import type { PromFamily, PromSeries } from './exposition.ts'

const finite = (series: PromSeries[]): PromSeries[] => series.filter((s) => Number.isFinite(s.value))

const VALUES: Record<SamplePromMetric, (s: Sample) => PromSeries[]> = {
  gapwatch_memory_total_bytes: (s) => [{ labels: {}, value: s.memory.totalBytes }],
  gapwatch_swap_total_bytes: (s) => [{ labels: {}, value: s.memory.swapTotalBytes }],
  gapwatch_network_interface_receive_bytes_per_second: (s) => s.network.interfaces.map((i) => ({ labels: { interface: i.name }, value: i.rxBps })),
  gapwatch_network_interface_transmit_bytes_per_second: (s) => s.network.interfaces.map((i) => ({ labels: { interface: i.name }, value: i.txBps })),
  gapwatch_filesystem_size_bytes: (s) => (s.filesystems ?? []).map((f) => ({ labels: { device: f.device, mount: f.mount }, value: f.sizeBytes })),
  gapwatch_filesystem_used_bytes: (s) => (s.filesystems ?? []).map((f) => ({ labels: { device: f.device, mount: f.mount }, value: f.usedBytes })),
  gapwatch_filesystem_available_bytes: (s) =>
    (s.filesystems ?? []).flatMap((f) => (f.availableBytes === undefined ? [] : [{ labels: { device: f.device, mount: f.mount }, value: f.availableBytes }])),
}

export function sampleFamilies(sample: Sample | null): PromFamily[] {
  return (Object.keys(SAMPLE_PROM_METRICS) as SamplePromMetric[]).map((name) => ({ name, ...SAMPLE_PROM_METRICS[name], series: sample === null ? [] : finite(VALUES[name](sample)) }))
}
