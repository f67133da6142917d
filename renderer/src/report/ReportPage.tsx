// The report as a printable page: a header, then one section per part of the model (headings from
// REPORT_SECTIONS), each starting on a new page in print. An empty period says so in words; no chart
// is drawn without data.
import { useCallback, useEffect, useRef } from 'react'
import { REPORT_SECTIONS, type Report } from '../../../shared/report.ts'
import { formatBytes, formatPercent, formatRate } from '../../../shared/format.ts'
import { utc } from './format.ts'
import { UtilChart } from './UtilChart.tsx'
import { AlertsSection, CostSection, EngineSection, ProcessesSection, ScannerSection } from './sections.tsx'

const heading = Object.fromEntries(REPORT_SECTIONS) as Record<(typeof REPORT_SECTIONS)[number][0], string>

interface Props {
  report: Report
  /** Called once every chart is drawn (at once when there is none). */
  onReady: () => void
}

export function ReportPage({ report: r, onReady }: Props) {
  const from = Date.parse(r.period.from)
  const to = Date.parse(r.period.to)
  const charted = r.utilisation.filter((u) => u.points.length > 0)
  const drawn = useRef(new Set<string>())
  const ready = useRef(false)
  const check = useCallback(() => {
    if (!ready.current && drawn.current.size >= charted.length) {
      ready.current = true
      onReady()
    }
  }, [charted.length, onReady])
  useEffect(check, [check])
  return (
    <main className="report">
      <header className="report-head">
        <h1>Gapwatch report</h1>
        <p className="report-meta">
          <strong>{r.host.hostname}</strong> · {r.host.platform}
          {r.host.cores !== null && ` · ${r.host.cores} cores`}
          {r.host.memoryBytes !== null && ` · ${formatBytes(r.host.memoryBytes)} memory`}
        </p>
        <p className="report-meta">
          {utc(r.period.from)} – {utc(r.period.to)}
          {r.period.preset && ` (last ${r.period.preset})`} · generated {utc(r.generatedAt)} · report schema v{r.schemaVersion}
        </p>
      </header>

      <section data-section="summary">
        <h2>{heading.summary}</h2>
        <dl className="figures">
          <Figure label="CPU average" value={formatPercent(r.summary.cpu.avg)} />
          <Figure label="CPU p95" value={formatPercent(r.summary.cpu.p95)} />
          <Figure label="CPU peak" value={formatPercent(r.summary.cpu.max)} />
          <Figure label="Memory peak" value={formatPercent(r.summary.memoryPeakPct)} sub={r.summary.memoryPeakBytes === null ? undefined : formatBytes(r.summary.memoryPeakBytes)} />
          <Figure label="GPU peak" value={r.summary.gpuPeakPct === null ? 'no GPU data' : formatPercent(r.summary.gpuPeakPct)} />
          <Figure label="Disk read peak" value={formatRate(r.summary.diskReadPeakBps)} />
          <Figure label="Disk write peak" value={formatRate(r.summary.diskWritePeakBps)} />
          <Figure label="Network in peak" value={formatRate(r.summary.netRxPeakBps)} />
          <Figure label="Network out peak" value={formatRate(r.summary.netTxPeakBps)} />
          <Figure
            label="Alerts fired"
            value={String(r.summary.alertsFired.critical + r.summary.alertsFired.warning + r.summary.alertsFired.info)}
            sub={`${r.summary.alertsFired.critical} critical · ${r.summary.alertsFired.warning} warning · ${r.summary.alertsFired.info} info`}
          />
          <Figure label="FVG scans run" value={String(r.summary.scansRun)} />
        </dl>
        <h3>Findings</h3>
        <ul className="findings">
          {r.summary.findings.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      </section>

      <section data-section="utilisation">
        <h2>{heading.utilisation}</h2>
        <p className="muted">Average (line) inside the min–max band of each {bucketText(r.period.bucketMs)}, from the {r.period.tier} history tier.</p>
        {charted.length === 0 ? (
          <p className="empty">No history was recorded in this period, so there is nothing to chart.</p>
        ) : (
          r.utilisation.map((u) => (
            <figure key={u.metric} className="util">
              <figcaption>
                <strong>{u.label}</strong>
                <span>
                  min {fmtStat(u, 'min')} · avg {fmtStat(u, 'avg')} · max {fmtStat(u, 'max')}
                </span>
              </figcaption>
              {u.points.length > 0 ? (
                <UtilChart
                  u={u}
                  from={from}
                  to={to}
                  onDrawn={() => {
                    drawn.current.add(u.metric)
                    check()
                  }}
                />
              ) : (
                <p className="empty">No data for {u.label.toLowerCase()} in this period.</p>
              )}
            </figure>
          ))
        )}
      </section>

      <AlertsSection r={r} title={heading.alerts} />
      <ScannerSection r={r} title={heading.scanner} />
      <ProcessesSection r={r} title={heading.processes} />
      <CostSection r={r} title={heading.cost} />
      <EngineSection r={r} title={heading.engine} />
    </main>
  )
}

function Figure({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>
        {value}
        {sub && <small>{sub}</small>}
      </dd>
    </div>
  )
}

function fmtStat(u: Report['utilisation'][number], k: 'min' | 'avg' | 'max'): string {
  const v = u.stats[k]
  if (v === null) return '—'
  if (u.unit === 'percent') return formatPercent(v)
  if (u.unit === 'bytesPerSec') return formatRate(v)
  if (u.unit === 'bytes') return formatBytes(v)
  return String(v)
}

function bucketText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`
  if (ms % 60_000 === 0) return `${ms / 60_000} min`
  return `${Math.round(ms / 100) / 10} s`
}
