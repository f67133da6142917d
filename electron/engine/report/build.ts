// Builds the report model (shared/report.ts) for a period from the engine's stores: the history tiers
// (utilisation, process groups, the engine's own cost), the alert log, the scan runs and zones.
// Host-agnostic: the engine (`/api/report`), the CLI (`gapwatch report`) and the desktop export use it.
import type { Db } from '../store/database.ts'
import type { MetricStore } from '../store/metric-store.ts'
import type { SymbolScan } from '../store/zone-store.ts'
import { metricLabel, unitOfMetric } from '../../../shared/format.ts'
import { isFamily, metricName } from '../../../shared/metrics.ts'
import { REPORT_CHART_POINTS, REPORT_SCHEMA_VERSION, type Report, type Stats, type Utilisation } from '../../../shared/report.ts'
import { alertsSection } from './alerts.ts'
import { scannerSection } from './scanner.ts'
import { groupSeries, groupsIn, processesSection } from './groups.ts'
import { FINE_POINTS, percentileOf, round, statsOfTotals } from './series.ts'
import { findings } from './findings.ts'
import type { Period } from './period.ts'

export interface ReportSources {
  metrics: Pick<MetricStore, 'tierRead' | 'metricNames'>
  db: Db
  /** Size of the database and its side files, in bytes. */
  databaseBytes: number
  scans: () => readonly SymbolScan[]
  host: Report['host']
  now: number
  /** The cost analysis of the period (engine/report/cost.ts); absent or null: no cost section. */
  cost?: (from: number, to: number) => Report['cost']
}

/** The resources charted, in order; GPUs are added per device found in the history. */
const BASE_METRICS = [metricName('cpu.total'), metricName('mem.used_pct'), metricName('disk.read_bps'), metricName('disk.write_bps'), metricName('net.rx_bps'), metricName('net.tx_bps')]

export function buildReport(src: ReportSources, period: Period): Report {
  const { from, to } = period
  const names = src.metrics.metricNames()
  const gpus = names.filter((n) => isFamily(n, 'gpu.{gpu}.util'))
  const groups = groupsIn(names)
  const wanted = [...BASE_METRICS, ...gpus, metricName('mem.used'), metricName('engine.cpu'), metricName('engine.rss'), ...groupSeries(groups)]
  // One pass per tier for all metrics (store/tier-read.ts): the min, max and mean of every metric from
  // its totals over the period (whole hours from the 1-hour tier); the charts' buckets in one statement;
  // the CPU's p95 from its fine buckets (series.ts says which tier and why).
  const read = src.metrics.tierRead(src.now)
  const totals = read.totals(wanted, from, to)
  const stats = (m: string): Stats => statsOfTotals(totals.get(m))
  const hasData = (m: string) => totals.has(m)

  // Memory as a share where it was recorded so; in bytes where only bytes were (an imported trace).
  const memory = !hasData(metricName('mem.used_pct')) && hasData(metricName('mem.used')) ? metricName('mem.used') : metricName('mem.used_pct')
  const charted = [...BASE_METRICS.map((m) => (m === metricName('mem.used_pct') ? memory : m)), ...gpus].filter((m) => !gpus.includes(m) || hasData(m))
  const q = read.buckets(charted, from, to, REPORT_CHART_POINTS)
  const series = new Map(q.series.map((s) => [s.metric, s.buckets]))
  const cpu = read.buckets([metricName('cpu.total')], from, to, FINE_POINTS).series[0].buckets
  const chartMs = q.bucketMs

  const utilisation: Utilisation[] = charted.map((m) => {
    const buckets = series.get(m) ?? []
    const pct = m.endsWith('_pct') // derived percentages (shared/alerts.ts), which format.ts does not name
    return {
      metric: m,
      label: m === metricName('mem.used_pct') ? 'Memory used' : metricLabel(m),
      unit: pct ? 'percent' : unitOfMetric(m),
      stats: stats(m),
      points: buckets.map(([t, lo, hi, avg]) => [t, round(lo), round(hi), round(avg)] as [number, number, number, number]),
    }
  })

  const gpuPeaks = gpus.map((g) => stats(g).max).filter((v): v is number => v !== null)
  const alerts = alertsSection(src.db, from, to)
  const scanner = scannerSection(src.db, src.scans(), from, to)
  const alertsFired = { info: 0, warning: 0, critical: 0 }
  for (const f of alerts.firings) if (Date.parse(f.start) >= from) alertsFired[f.severity]++

  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: new Date(src.now).toISOString(),
    host: src.host,
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), preset: period.preset, tier: q.tier, bucketMs: chartMs },
    summary: {
      cpu: { avg: stats(metricName('cpu.total')).avg, p95: percentileOf(cpu, 95), max: stats(metricName('cpu.total')).max },
      memoryPeakBytes: stats(metricName('mem.used')).max,
      memoryPeakPct: stats(metricName('mem.used_pct')).max,
      gpuPeakPct: gpuPeaks.length > 0 ? Math.max(...gpuPeaks) : null,
      diskReadPeakBps: stats(metricName('disk.read_bps')).max,
      diskWritePeakBps: stats(metricName('disk.write_bps')).max,
      netRxPeakBps: stats(metricName('net.rx_bps')).max,
      netTxPeakBps: stats(metricName('net.tx_bps')).max,
      alertsFired,
      scansRun: scanner.runs,
      findings: [],
    },
    utilisation,
    alerts,
    scanner,
    processes: processesSection({ groups, totals, stats, read, from, to }),
    cost: src.cost?.(from, to) ?? null,
    engine: { cpu: stats(metricName('engine.cpu')), rssBytes: stats(metricName('engine.rss')), databaseBytes: src.databaseBytes },
  }
  report.summary.findings = findings(report)
  return report
}
