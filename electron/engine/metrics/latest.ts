// The latest sample for /metrics, and its stored series as the engine computed them once per sample
// (stored-values.ts), so a scrape renders them instead of flattening the sample again. The slow parts
// (processes every 5 s, filesystems every 60 s) and their series (per group, the fullest filesystem)
// are carried over from the tick that last refreshed them, so they do not blink out between refreshes.
import { isFamily, metricName } from '../../../shared/metrics.ts'
import type { Sample } from '../../../shared/sample.ts'
import { sampleValues, type MetricValues } from './stored-values.ts'

const FS_FULLEST = metricName('fs.used_pct_max')
/** Names seen before, resolved once (each was two registry look-ups, a regex per family, every 5 s). */
const groupSeries = new Map<string, boolean>()
const MAX_REMEMBERED = 4096
function isGroupSeries(name: string): boolean {
  let is = groupSeries.get(name)
  if (is === undefined) {
    is = isFamily(name, 'group.{group}.cpu') || isFamily(name, 'group.{group}.pss') || isFamily(name, 'group.{group}.rss')
    if (groupSeries.size >= MAX_REMEMBERED) groupSeries.clear()
    groupSeries.set(name, is)
  }
  return is
}

export class LatestSample {
  private value: Sample | null = null
  private current: MetricValues = []
  private processes: Sample['processes'] = undefined
  private filesystems: Sample['filesystems'] = undefined
  private groupValues: MetricValues = []
  private fsValues: MetricValues = []

  /** `values`: sampleValues(s) as the engine computed them; computed here when absent. */
  update(s: Sample, values: MetricValues = sampleValues(s)): void {
    // Only the ticks that refresh a slow part pay for picking its series out (every 5 s and 60 s).
    if (s.processes) {
      this.processes = s.processes
      this.groupValues = values.filter(([name]) => isGroupSeries(name))
    }
    if (s.filesystems) {
      this.filesystems = s.filesystems
      this.fsValues = values.filter(([name]) => name === FS_FULLEST)
    }
    this.value = s
    this.current = values
  }

  get(): Sample | null {
    if (this.value === null) return null
    return { ...this.value, processes: this.value.processes ?? this.processes, filesystems: this.value.filesystems ?? this.filesystems }
  }

  /** The stored series of get(): the latest sample's, with the slow ones carried over. */
  values(): MetricValues {
    if (this.value === null) return []
    const out = [...this.current]
    if (!this.value.processes) out.push(...this.groupValues)
    if (!this.value.filesystems) out.push(...this.fsValues)
    return out
  }
}
