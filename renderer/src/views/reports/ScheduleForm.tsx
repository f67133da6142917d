// Scheduled reports: when (a cron expression in an IANA time zone), what (the period each report
// covers, PDF and/or JSON) and how many to keep. Checked as typed with the settings' own schema (an
// error names the field and the value), the next three runs shown in the zone, saved with setSettings.
import { useMemo, useState, type FormEvent } from 'react'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { REPORT_SAVE_FORMATS } from '../../../../shared/report-export.ts'
import { ReportPresetSchema, type ReportSchedule } from '../../../../shared/report.ts'
import { Field } from '../settings/Field.tsx'
import { checkDraft, draftOf, nextRuns, type ScheduleDraft } from './schedule-draft.ts'

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return []
  }
})()

export function ScheduleForm({ client, saved, onSaved }: { client: GapwatchClient; saved: ReportSchedule; onSaved: () => void }) {
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftOf(saved))
  // Saved elsewhere (another window, or this form's own save coming back): an untouched draft follows.
  const [base, setBase] = useState(saved)
  if (JSON.stringify(saved) !== JSON.stringify(base)) {
    setBase(saved)
    if (JSON.stringify(draft) === JSON.stringify(draftOf(base))) setDraft(draftOf(saved))
  }
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const [saving, setSaving] = useState(false)
  const checked = useMemo(() => checkDraft(draft), [draft])
  const errors = 'errors' in checked ? checked.errors : {}
  const [openedAt] = useState(() => Date.now())
  const runs = useMemo(() => (errors.cron || errors.tz ? [] : nextRuns(draft.cron, draft.tz, openedAt)), [draft.cron, draft.tz, errors.cron, errors.tz, openedAt])
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(saved))
  const set = (patch: Partial<ScheduleDraft>) => {
    setResult(null)
    setDraft((d) => ({ ...d, ...patch }))
  }

  const save = async (e: FormEvent) => {
    e.preventDefault()
    if (!('schedule' in checked)) return setResult({ ok: false, text: 'Fix the fields marked in red first.' })
    setSaving(true)
    try {
      await client.call('setSettings', { reportSchedule: checked.schedule })
      setResult({ ok: true, text: checked.schedule.enabled ? 'Saved: the schedule is on.' : 'Saved: the schedule is off.' })
      onSaved()
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message })
    } finally {
      setSaving(false)
    }
  }

  return (
    <form className="card schedule-form" onSubmit={save} noValidate aria-label="Report schedule" data-testid="schedule-form">
      <header>
        <h2>Schedule</h2>
        <span className="muted">Reports written into the data directory's reports folder; a failure raises an alert.</span>
      </header>
      <Field label="Scheduled reports">
        {(p) => (
          <label>
            <input type="checkbox" {...p} checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> on
          </label>
        )}
      </Field>
      <Field label="Cron (min hour day month weekday)" hint='"0 17 * * 1-5": weekdays at 17:00; at most hourly.' error={errors.cron}>
        {(p) => <input {...p} value={draft.cron} onChange={(e) => set({ cron: e.target.value })} spellCheck={false} />}
      </Field>
      <Field label="Time zone (IANA)" hint="Europe/London, America/New_York, UTC…" error={errors.tz}>
        {(p) => (
          <>
            <input {...p} value={draft.tz} list="report-zones" onChange={(e) => set({ tz: e.target.value })} spellCheck={false} />
            <datalist id="report-zones">
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Next runs">
        {(p) =>
          runs.length === 0 ? (
            <span id={p.id} className="muted">
              — (fix the cron and the time zone)
            </span>
          ) : (
            <ol id={p.id} className="next-runs" data-testid="next-runs">
              {runs.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ol>
          )
        }
      </Field>
      <Field label="Each report covers" error={errors.preset}>
        {(p) => (
          <select {...p} value={draft.preset} onChange={(e) => set({ preset: ReportPresetSchema.parse(e.target.value) })}>
            {ReportPresetSchema.options.map((o) => (
              <option key={o} value={o}>
                the last {o}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Formats" error={errors.formats}>
        {(p) => (
          <span className="formats" id={p.id}>
            {REPORT_SAVE_FORMATS.map((f) => (
              <label key={f}>
                <input
                  type="checkbox"
                  checked={draft.formats.includes(f)}
                  onChange={(e) => set({ formats: REPORT_SAVE_FORMATS.filter((x) => (x === f ? e.target.checked : draft.formats.includes(x))) })}
                />
                {f.toUpperCase()}
              </label>
            ))}
          </span>
        )}
      </Field>
      <Field label="Keep the newest" hint="reports (older ones are deleted)" error={errors.keep}>
        {(p) => <input {...p} type="text" inputMode="numeric" value={draft.keep} onChange={(e) => set({ keep: e.target.value })} />}
      </Field>
      <div className="schedule-actions">
        <button type="submit" className="primary" disabled={saving || !dirty} data-testid="save-schedule">
          {saving ? 'Saving…' : 'Save schedule'}
        </button>
        {result && (
          <span className={result.ok ? 'muted' : 'error'} role="status">
            {result.text}
          </span>
        )}
      </div>
    </form>
  )
}
