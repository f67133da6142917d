// The report's process groups: ranked by CPU, and by memory as the Overview and Grafana show it, PSS
// (group.NAME.pss: a page the group's processes share counts once). History recorded before the engine
// kept group PSS, or imported without it, has only the summed RSS (group.NAME.rss), which counts a
// shared page once per process (a forked pool of 9 read 3.87 GB for 0.43 GB of PSS): such a period is
// ranked by RSS and says so; one that holds PSS for part of it says from when, and never ranks a group
// by RSS among groups ranked by PSS.
import { formatUtcMinute } from '../../../shared/format.ts'
import { GROUP_MEMORY_METRICS, isFamily, metricName, resolveMetric } from '../../../shared/metrics.ts'
import { GROUP_MEMORY_MEASURES, REPORT_CHART_POINTS, type GroupMemoryMeasure, type GroupRow, type ProcessesSection, type Stats } from '../../../shared/report.ts'
import type { TierRead, Totals } from '../store/tier-read.ts'

/** Process groups listed per ranking. */
export const TOP_GROUPS = 10

const seriesOf = (measure: GroupMemoryMeasure | 'cpu', group: string) =>
  measure === 'cpu' ? metricName('group.{group}.cpu', { group }) : metricName(GROUP_MEMORY_MEASURES[measure].metric, { group })

/** The groups with any of their series in the store (a trace imported with only memory columns too). */
export function groupsIn(names: readonly string[]): string[] {
  const groups = new Set<string>()
  for (const n of names) {
    const ofGroup = isFamily(n, 'group.{group}.cpu') || Object.values(GROUP_MEMORY_METRICS).some((f) => isFamily(n, f))
    const group = ofGroup ? resolveMetric(n)?.labels.group : undefined
    if (group !== undefined) groups.add(group)
  }
  return [...groups]
}

/** The series the section reads for these groups (read with the report's other totals in one pass). */
export function groupSeries(groups: readonly string[]): string[] {
  return groups.flatMap((g) => [seriesOf('cpu', g), seriesOf('pss', g), seriesOf('rss', g)])
}

export interface GroupInputs {
  groups: readonly string[]
  totals: ReadonlyMap<string, Totals>
  stats: (metric: string) => Stats
  read: Pick<TierRead, 'buckets'>
  from: number
  to: number
}

export function processesSection({ groups, totals, stats, read, from, to }: GroupInputs): ProcessesSection {
  const count = (m: string) => totals.get(m)?.count ?? 0
  const rows: GroupRow[] = groups
    .map((name) => ({ name, cpu: stats(seriesOf('cpu', name)), pssBytes: stats(seriesOf('pss', name)), rssBytes: stats(seriesOf('rss', name)) }))
    .filter((g) => g.cpu.avg !== null || g.rssBytes.avg !== null || g.pssBytes.avg !== null)
  const desc = (k: 'cpu' | 'pssBytes' | 'rssBytes') => (a: GroupRow, b: GroupRow) => (b[k].avg ?? -1) - (a[k].avg ?? -1) || (a.name < b.name ? -1 : 1)

  const hasPss = (g: GroupRow) => g.pssBytes.avg !== null
  const rankedBy: GroupMemoryMeasure = rows.some(hasPss) ? 'pss' : 'rss'
  const byMemory = (rankedBy === 'pss' ? [...rows.filter(hasPss).sort(desc('pssBytes')), ...rows.filter((g) => !hasPss(g)).sort(desc('rssBytes'))] : [...rows].sort(desc('rssBytes'))).slice(0, TOP_GROUPS)
  // Part of the period without PSS: a group with PSS samples but fewer than RSS ones (an engine that
  // records PSS at all records both of a group at each scan).
  const partial = rows.some((g) => hasPss(g) && count(seriesOf('pss', g.name)) < count(seriesOf('rss', g.name)))
  const pssFrom = partial ? firstSample(read, groups.map((g) => seriesOf('pss', g)), from, to) : null
  const withoutPss = rankedBy === 'pss' ? byMemory.filter((g) => !hasPss(g)).map((g) => g.name) : []
  return {
    byCpu: [...rows].sort(desc('cpu')).slice(0, TOP_GROUPS),
    byMemory,
    memory: { rankedBy, pssFrom: pssFrom === null ? null : new Date(pssFrom).toISOString(), withoutPss, note: memoryNote(rankedBy, pssFrom, withoutPss) },
    note: 'History keeps process groups (Settings → Process groups), not single processes: the rankings are by group.',
  }
}

function memoryNote(rankedBy: GroupMemoryMeasure, pssFrom: number | null, withoutPss: readonly string[]): string {
  if (rankedBy === 'rss')
    return 'No group PSS was recorded in this period (it was recorded before Gapwatch kept it, or imported without it): memory is RSS summed per process, which counts a page the processes of a group share once for each of them, so a group sharing memory (a forked pool) shows more than it uses.'
  let note = 'Memory is PSS: a page the processes of a group share counts once, as on the Overview. RSS, summed per process, counts it once for each.'
  if (pssFrom !== null) note += ` Group PSS was not recorded before ${formatUtcMinute(new Date(pssFrom).toISOString())}: the PSS figures cover the period from then on, the RSS figures all of it.`
  if (withoutPss.length > 0) note += ` ${withoutPss.join(', ')} ${withoutPss.length === 1 ? 'has' : 'have'} no PSS in this period and ${withoutPss.length === 1 ? 'is' : 'are'} listed last, by RSS.`
  return note
}

/**
 * The start of the bucket holding the first sample of any of these series in [from, to): narrowed from the
 * report's chart buckets to the finest its tier keeps (a second on the raw tier, a minute or an hour on
 * older history). Null where none has a sample.
 */
function firstSample(read: Pick<TierRead, 'buckets'>, series: readonly string[], from: number, to: number): number | null {
  let found: number | null = null
  for (let i = 0; i < 4 && from < to; i++) {
    const q = read.buckets(series, from, to, REPORT_CHART_POINTS)
    const first = Math.min(...q.series.map((s) => s.buckets[0]?.[0] ?? Infinity))
    if (first === Infinity) break
    found = Math.max(from, first)
    if (q.bucketMs <= 1000) break
    from = found
    to = Math.min(to, first + q.bucketMs)
  }
  return found
}
