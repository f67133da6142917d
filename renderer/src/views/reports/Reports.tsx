// Reports: "Export report…" (a period, its report previewed, then Save PDF / Save JSON), the schedule
// form, and the scheduled reports in the data directory (newest first) to open or download. In a
// browser the files come from `gapwatch serve` (/api/reports/NAME, /api/report); on the desktop the
// preview saves through the preload (save dialog, printToPDF). `#reports?export` opens the preview
// (the header's "Export report…"). With another engine picked in the Engine menu, the links here
// would fetch or open this machine's files: they are left out, saying where that engine's are.
import { useEffect, useState } from 'react'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { formatBytes } from '../../../../shared/format.ts'
import { REPORT_FORMATS, type ReportSchedule } from '../../../../shared/report.ts'
import { REPORTS_HASH, wantsReportExport } from '../../../../shared/report-export.ts'
import { queryClient, useCommand } from '../../client/queries.ts'
import { isDesktop, remoteHostOf } from '../../client/index.ts'
import { ExportPanel } from './ExportPanel.tsx'
import { desktopReports } from './desktop.ts'
import { ScheduleForm } from './ScheduleForm.tsx'
import './reports.css'
import { utc } from '../../report/format.ts'

function scheduleText(s: ReportSchedule | undefined): string {
  if (!s) return '…'
  if (!s.enabled) return 'Scheduled reports are off (turn them on in the schedule below).'
  return `Every "${s.cron}" in ${s.tz}: the last ${s.preset} as ${s.formats.map((f) => f.toUpperCase()).join(' and ')}, the newest ${s.keep} kept.`
}

const wantsExport = () => wantsReportExport(location.hash)

/** Opened by the "Export report…" button, or by `#reports?export` (then the hash goes back to `#reports`). */
function useExportOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(wantsExport)
  useEffect(() => {
    const onHash = () => wantsExport() && setOpen(true)
    onHash()
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  useEffect(() => {
    if (open && wantsExport()) history.replaceState(null, '', REPORTS_HASH)
  }, [open])
  return [open, setOpen]
}

/** Desktop: opens a scheduled report's file in the system's viewer (through the preload). */
function OpenButton({ name }: { name: string }) {
  const [error, setError] = useState<string | null>(null)
  const open = () => {
    setError(null)
    desktopReports()
      ?.openStoredReport(name)
      .catch((err: Error) => setError(err.message))
  }
  return (
    <>
      <button type="button" className="link" onClick={open} title={name}>
        Open {name.endsWith('.pdf') ? 'PDF' : 'JSON'}
      </button>
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  )
}

export function Reports({ client }: { client: GapwatchClient }) {
  const list = useCommand(client, 'reportsList', {}, { refetchInterval: 60_000 })
  const settings = useCommand(client, 'getSettings', {})
  const desktop = isDesktop(client)
  const remote = remoteHostOf(client)
  const [exportOpen, setExportOpen] = useExportOpen()
  return (
    <div className="reports-view">
      {exportOpen && <ExportPanel client={client} onClose={() => setExportOpen(false)} />}
      <section className="card" data-testid="reports-view">
        <header>
          <h2>Reports</h2>
          {!exportOpen && (
            <button type="button" className="primary" onClick={() => setExportOpen(true)}>
              Export report…
            </button>
          )}
        </header>
        <p className="muted">{scheduleText(settings.data?.reportSchedule)}</p>
        {remote !== null && (
          <p className="muted" data-testid="reports-remote">
            These are the reports of "{remote}": its scheduled files are kept on {remote}, so download or open them from its own dashboard; Export report… saves the report it builds now.
          </p>
        )}
        {!desktop && remote === null && (
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
                      f === null ? null : remote !== null ? (
                        <span key={f} className="muted">
                          {f.endsWith('.pdf') ? 'PDF' : 'JSON'}{' '}
                        </span>
                      ) : desktop ? (
                        <span key={f}>
                          <OpenButton name={f} />{' '}
                        </span>
                      ) : (
                        <span key={f}>
                          <a href={`/api/reports/${encodeURIComponent(f)}`} download={f}>
                            {f.endsWith('.pdf') ? 'PDF' : 'JSON'}
                          </a>{' '}
                        </span>
                      ),
                    )}
                    {r.pdf === null && settings.data?.reportSchedule.formats.includes('pdf') !== false && <span className="muted">no PDF (see the alert)</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {settings.data && (
        <ScheduleForm
          client={client}
          saved={settings.data.reportSchedule}
          onSaved={() => void queryClient.invalidateQueries({ queryKey: ['getSettings'] })}
        />
      )}
    </div>
  )
}
