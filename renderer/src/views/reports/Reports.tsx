// Reports: the scheduled reports in the data directory (newest first) to open or download, the
// schedule they follow, and the report of the last day, week or month on demand. In a browser the
// files come from `gapwatch serve` (/api/reports/NAME, /api/report); on the desktop "Export report…"
// in the tray menu saves one.
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { formatBytes } from '../../../../shared/format.ts'
import { REPORT_FORMATS, type ReportSchedule } from '../../../../shared/report.ts'
import { useCommand } from '../../client/queries.ts'
import { isDesktop } from '../../client/index.ts'

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`

function scheduleText(s: ReportSchedule | undefined): string {
  if (!s) return '…'
  if (!s.enabled) return 'Scheduled reports are off (Settings: reportSchedule).'
  return `Every "${s.cron}" in ${s.tz}: the last ${s.preset} as PDF and JSON, the newest ${s.keep} kept.`
}

export function Reports({ client }: { client: GapwatchClient }) {
  const list = useCommand(client, 'reportsList', {}, { refetchInterval: 60_000 })
  const settings = useCommand(client, 'getSettings', {})
  const desktop = isDesktop(client)
  return (
    <section className="card" data-testid="reports-view">
      <h2>Reports</h2>
      <p className="muted">{scheduleText(settings.data?.reportSchedule)}</p>
      {!desktop && (
        <p>
          Now:{' '}
          {(['day', 'week', 'month'] as const).map((preset) => (
            <span key={preset}>
              the last {preset}{' '}
              {REPORT_FORMATS.map((f) => (
                <span key={f}>
                  <a href={`/api/report?preset=${preset}&format=${f}`} target="_blank" rel="noreferrer">
                    {f.toUpperCase()}
                  </a>{' '}
                </span>
              ))}
              {preset !== 'month' && ' · '}
            </span>
          ))}
        </p>
      )}
      {desktop && <p className="muted">Export a report from the tray menu: “Export report…”.</p>}
      {list.isError && <p className="error">Could not list the reports: {list.error.message}</p>}
      {list.data && list.data.length === 0 && <p className="muted">No scheduled report has been written yet.</p>}
      {list.data && list.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Report</th>
              <th>Written</th>
              <th className="num">Size</th>
              <th>Files</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <tr key={r.name}>
                <td>{r.name}</td>
                <td>{utc(r.at)}</td>
                <td className="num">{formatBytes(r.bytes)}</td>
                <td>
                  {[r.pdf, r.json].map((f) =>
                    f === null ? null : desktop ? (
                      <span key={f}>{f} </span>
                    ) : (
                      <span key={f}>
                        <a href={`/api/reports/${encodeURIComponent(f)}`} download={f}>
                          {f.endsWith('.pdf') ? 'PDF' : 'JSON'}
                        </a>{' '}
                      </span>
                    ),
                  )}
                  {r.pdf === null && <span className="muted">no PDF (see the alert)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
