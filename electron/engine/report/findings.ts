// The summary's findings in sentences, from the figures already in the report (most important first).
import { formatBytes, formatDuration, formatPercent } from '../../../shared/format.ts'
import type { Report } from '../../../shared/report.ts'

/** CPU p95 at or above this is called busy. */
export const BUSY_CPU_P95 = 80
/** Memory peak at or above this is called close to full. */
export const FULL_MEMORY_PCT = 90

export function findings(r: Report): string[] {
  const out: string[] = []
  const { cpu } = r.summary
  if (cpu.avg === null) {
    out.push('No history was recorded in this period.')
  } else {
    const busy = cpu.p95 !== null && cpu.p95 >= BUSY_CPU_P95
    out.push(`${busy ? 'The CPU was busy: it' : 'CPU'} averaged ${formatPercent(cpu.avg)} (95th percentile ${formatPercent(cpu.p95)}, peak ${formatPercent(cpu.max)}).`)
  }
  const mem = r.summary.memoryPeakPct
  if (mem !== null) out.push(mem >= FULL_MEMORY_PCT ? `Memory was close to full: it peaked at ${formatPercent(mem)}.` : `Memory peaked at ${formatPercent(mem)}.`)
  const fired = r.summary.alertsFired
  const total = fired.info + fired.warning + fired.critical
  if (total === 0 && r.alerts.firings.length === 0) out.push('No alert fired.')
  else {
    const longest = r.alerts.byRule[0]
    out.push(
      `${total} alert${total === 1 ? '' : 's'} fired (${fired.critical} critical, ${fired.warning} warning, ${fired.info} info)` +
        (longest ? `; ${longest.rule} spent longest in alert (${formatDuration(longest.timeInAlertMs)}).` : '.'),
    )
  }
  const s = r.scanner
  if (s.runs === 0) out.push('No FVG scan ran in this period.')
  else out.push(`${s.runs} scan${s.runs === 1 ? '' : 's'} ran: ${s.candles.toLocaleString('en-US')} candles, ${s.fvgs.toLocaleString('en-US')} FVGs found${s.jobs.failed > 0 ? `, ${s.jobs.failed} job${s.jobs.failed === 1 ? '' : 's'} failed` : ''}.`)
  if (r.engine.cpu.avg !== null) out.push(`Gapwatch itself used ${formatPercent(r.engine.cpu.avg)} of a core and ${formatBytes(r.engine.rssBytes.avg)} of memory on average; its database holds ${formatBytes(r.engine.databaseBytes)}.`)
  return out
}
