// "Export report…": a period picker (the last day, week or month, or custom dates), the report of
// that period previewed as the page itself (ReportPreview), then Save PDF / Save JSON of exactly the
// period previewed. On the desktop the save goes through the preload to the main process (save
// dialog, printToPDF), naming the host the window shows; in a browser the files download from
// /api/report, which is this engine's: with another engine picked (the Engine menu) Save JSON saves
// the model previewed itself, and its PDF is left to that engine, saying so.
import { useState } from 'react'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import type { Report } from '../../../../shared/report.ts'
import { REPORT_SAVE_FORMATS, reportFileName, type ReportSaveFormat } from '../../../../shared/report-export.ts'
import { remoteHostOf } from '../../client/index.ts'
import { useCommand } from '../../client/queries.ts'
import { desktopReports } from './desktop.ts'
import { PERIOD_CHOICES, periodParams, reportUrl, utcDate, type PeriodChoice } from './period.ts'
import { ReportPreview } from './ReportPreview.tsx'

const LABEL: Record<PeriodChoice, string> = { day: 'Last day', week: 'Last week', month: 'Last month', custom: 'Custom' }

/** Downloads the model itself as a JSON file (the report previewed: another engine's is not on /api/report). */
function downloadModel(model: Report, name: string): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(model, null, 2)}\n`], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  // Released once the browser has taken the download (revoked at once, some browsers lose it).
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Why a remote engine's PDF is not saved from a browser, and what to do instead. */
export function remotePdfNote(host: string): string {
  return `The PDF of "${host}" is printed by ${host} itself: open its own dashboard, or run \`gapwatch report --format pdf\` there. Save JSON saves the report shown here.`
}

export function ExportPanel({ client, onClose }: { client: GapwatchClient; onClose: () => void }) {
  const [choice, setChoice] = useState<PeriodChoice>('day')
  const [from, setFrom] = useState(() => utcDate(Date.now(), 7))
  const [to, setTo] = useState(() => utcDate(Date.now()))
  const [saved, setSaved] = useState<{ ok: boolean; text: string } | null>(null)
  const [saving, setSaving] = useState<ReportSaveFormat | null>(null)
  const period = periodParams(choice, from, to)
  const params = 'params' in period ? period.params : {}
  const report = useCommand(client, 'report', params, { enabled: 'params' in period, staleTime: 30_000 })
  const desktop = desktopReports()
  const model = 'params' in period ? report.data : undefined
  const remote = remoteHostOf(client)

  const save = async (format: ReportSaveFormat) => {
    if (!desktop || !model) return
    setSaving(format)
    setSaved(null)
    try {
      const period = { format, from: Date.parse(model.period.from), to: Date.parse(model.period.to) }
      const file = await desktop.saveReport(remote === null ? period : { ...period, host: remote })
      setSaved(file === null ? null : { ok: true, text: `Saved ${file}` })
    } catch (err) {
      setSaved({ ok: false, text: (err as Error).message })
    } finally {
      setSaving(null)
    }
  }

  return (
    <section className="card report-export" aria-label="Export report" data-testid="report-export">
      <header>
        <h2>Export report</h2>
        <div className="segmented" role="group" aria-label="Period">
          {PERIOD_CHOICES.map((c) => (
            <button key={c} type="button" aria-pressed={choice === c} onClick={() => setChoice(c)}>
              {LABEL[c]}
            </button>
          ))}
        </div>
        {choice === 'custom' && (
          <span className="report-dates">
            <label>
              From <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} aria-label="From (UTC)" />
            </label>
            <label>
              To <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} aria-label="To (UTC)" />
            </label>
            <span className="muted">UTC, from 00:00</span>
          </span>
        )}
        <span className="report-actions">
          {REPORT_SAVE_FORMATS.map((f) =>
            desktop ? (
              <button key={f} type="button" className={f === 'pdf' ? 'primary' : undefined} disabled={!model || saving !== null} onClick={() => void save(f)}>
                {saving === f ? 'Saving…' : `Save ${f.toUpperCase()}`}
              </button>
            ) : remote !== null && model ? (
              f === 'json' ? (
                <button key={f} type="button" onClick={() => downloadModel(model, reportFileName(model.period, 'json', remote))}>
                  Save JSON
                </button>
              ) : (
                <button key={f} type="button" disabled title={remotePdfNote(remote)}>
                  Save {f.toUpperCase()}
                </button>
              )
            ) : model ? (
              <a key={f} className={`button${f === 'pdf' ? ' primary' : ''}`} href={reportUrl(model.period, f)} download>
                Save {f.toUpperCase()}
              </a>
            ) : (
              <button key={f} type="button" disabled>
                Save {f.toUpperCase()}
              </button>
            ),
          )}
          <button type="button" onClick={onClose} aria-label="Close the preview">
            Close
          </button>
        </span>
      </header>
      {'error' in period && (
        <p className="error" role="alert">
          {period.error}
        </p>
      )}
      {!desktop && remote !== null && model && <p className="muted">{remotePdfNote(remote)}</p>}
      {saved && (
        <p className={saved.ok ? 'muted' : 'error'} role="status">
          {saved.text}
        </p>
      )}
      {report.isError && 'params' in period && (
        <p className="error" role="alert">
          Could not build the report: {report.error.message}
        </p>
      )}
      {report.isFetching && !model && <p className="muted">Building the report…</p>}
      {model && (
        <div className="report-scroll">
          <ReportPreview report={model} />
        </div>
      )}
    </section>
  )
}
