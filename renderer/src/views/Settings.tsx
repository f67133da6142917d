// Settings: validated in the form by the same zod schema the engine uses (each field shows its own
// error), saved with setSettings and applied by the engine without a restart.
import { useMemo, useState, type FormEvent } from 'react'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { formatDuration } from '../../../shared/format.ts'
import type { FvgOptions } from '../../../shared/fvg.ts'
import { SettingsSchema, type Settings as SettingsValue } from '../../../shared/settings.ts'
import type { LiveStore } from '../store/live.ts'
import { useSignal } from '../store/signal.ts'
import { isDesktop } from '../client/index.ts'
import { Field } from './settings/Field.tsx'
import { MinGapField } from './settings/MinGapField.tsx'
import { ProcessGroupsCard } from './settings/ProcessGroupsCard.tsx'
import { StorageCard } from './settings/StorageCard.tsx'

type Errors = Record<string, string>

/** The schema's verdict (including whether each pattern compiles on RE2) plus unique group names, keyed by field path. */
export function validate(s: SettingsValue): Errors {
  const errors: Errors = {}
  const r = SettingsSchema.safeParse(s)
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = issue.path.join('.')
      errors[key] ??= issue.message
    }
  }
  const names = s.processGroups.map((g) => g.name.trim())
  names.forEach((n, i) => {
    if (n && names.indexOf(n) !== i) errors[`processGroups.${i}.name`] ??= 'Another group has this name.'
  })
  return errors
}

function parseList(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

export function Settings({ client, store }: { client: GapwatchClient; store: LiveStore }) {
  const saved = useSignal(store.settings)
  // Kept here: saving remounts the form on the new values, and the verdict must survive that.
  const [result, setResult] = useState<Result | null>(null)
  if (!saved) return <p className="muted">Loading settings…</p>
  return <SettingsForm key={JSON.stringify(saved)} client={client} store={store} saved={saved} result={result} setResult={setResult} />
}

interface Result {
  ok: boolean
  text: string
}

function SettingsForm({
  client,
  store,
  saved,
  result,
  setResult,
}: {
  client: GapwatchClient
  store: LiveStore
  saved: SettingsValue
  result: Result | null
  setResult: (r: Result | null) => void
}) {
  const [draft, setDraft] = useState<SettingsValue>(saved)
  const [watchText, setWatchText] = useState(saved.watchlist.join('\n'))
  const [saving, setSaving] = useState(false)
  const [touched, setTouched] = useState(false)
  const errors = useMemo(() => validate(draft), [draft])
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved)
  const invalid = Object.keys(errors).length > 0

  const set = (patch: Partial<SettingsValue>) => {
    setTouched(true)
    setResult(null)
    setDraft((d) => ({ ...d, ...patch }))
  }
  const setScan = (patch: Partial<FvgOptions>) => set({ scan: { ...draft.scan, ...patch } })

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (invalid) {
      setResult({ ok: false, text: 'Fix the fields marked in red first.' })
      return
    }
    setSaving(true)
    try {
      const next = await client.call('setSettings', draft)
      setResult({ ok: true, text: 'Saved and applied.' })
      store.settings.set(next)
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message })
    } finally {
      setSaving(false)
    }
  }

  const err = (path: string) => (touched || dirty ? errors[path] : undefined)
  const num = (v: number) => (Number.isFinite(v) ? v : '')
  // The tray belongs to the desktop app: a browser on `gapwatch serve` does not show it.
  const desktop = isDesktop(client)

  return (
    <form className="settings" onSubmit={save} noValidate aria-label="Settings">
      <StorageCard client={client} />
      <fieldset className="card">
        <legend>Sampling and storage</legend>
        <Field label="Sample interval (ms)" hint="250 ms – 60 s; applied at once." error={err('sampleIntervalMs')}>
          {(p) => (
            <input {...p} type="number" min={250} max={60000} step={250} value={num(draft.sampleIntervalMs)} onChange={(e) => set({ sampleIntervalMs: e.target.valueAsNumber })} data-testid="set-interval" />
          )}
        </Field>
        <Field label="Keep raw samples (hours)" hint={`${formatDuration(draft.retention.rawHours * 3_600_000)}; 1 – 336`} error={err('retention.rawHours')}>
          {(p) => (
            <input {...p} type="number" min={1} max={336} value={num(draft.retention.rawHours)} onChange={(e) => set({ retention: { ...draft.retention, rawHours: e.target.valueAsNumber } })} />
          )}
        </Field>
        <Field label="Keep 1-minute rollups (days)" hint="1 – 365" error={err('retention.minuteDays')}>
          {(p) => (
            <input {...p} type="number" min={1} max={365} value={num(draft.retention.minuteDays)} onChange={(e) => set({ retention: { ...draft.retention, minuteDays: e.target.valueAsNumber } })} />
          )}
        </Field>
        <Field label="Keep 1-hour rollups (days)" hint="1 – 3650" error={err('retention.hourDays')}>
          {(p) => (
            <input {...p} type="number" min={1} max={3650} value={num(draft.retention.hourDays)} onChange={(e) => set({ retention: { ...draft.retention, hourDays: e.target.valueAsNumber } })} />
          )}
        </Field>
        <Field label="Scanner workers" hint="0 = automatic (cores − 1, at least 1); up to 64." error={err('workers')}>
          {(p) => <input {...p} type="number" min={0} max={64} value={num(draft.workers)} onChange={(e) => set({ workers: e.target.valueAsNumber })} data-testid="set-workers" />}
        </Field>
        {desktop && (
          <Field label="Keep running in the tray when the window closes" error={err('trayOnClose')}>
            {(p) => <input {...p} type="checkbox" checked={draft.trayOnClose} onChange={(e) => set({ trayOnClose: e.target.checked })} data-testid="set-tray" />}
          </Field>
        )}
      </fieldset>

      <ProcessGroupsCard groups={draft.processGroups} onChange={(processGroups) => set({ processGroups })} err={err} />

      <fieldset className="card">
        <legend>Watchlist and scan</legend>
        <Field label="Watchlist symbols" hint="One per line or comma-separated; empty = every demo and imported symbol." error={err('watchlist') ?? firstError(errors, 'watchlist.')}>
          {(p) => (
            <textarea
              {...p}
              rows={4}
              value={watchText}
              onChange={(e) => {
                setWatchText(e.target.value)
                set({ watchlist: parseList(e.target.value) })
              }}
            />
          )}
        </Field>
        <Field label="Join consecutive gaps" error={err('scan.joinConsecutive')}>
          {(p) => <input {...p} type="checkbox" checked={draft.scan.joinConsecutive} onChange={(e) => setScan({ joinConsecutive: e.target.checked })} />}
        </Field>
        <Field label="Middle candle rule" error={err('scan.middle')}>
          {(p) => (
            <select {...p} value={draft.scan.middle} onChange={(e) => setScan({ middle: e.target.value as FvgOptions['middle'] })}>
              <option value="body">body (smartmoneyconcepts)</option>
              <option value="close-beyond">close beyond the first wick</option>
              <option value="none">none</option>
            </select>
          )}
        </Field>
        <MinGapField value={draft.scan.minGap} onChange={(minGap) => setScan({ minGap })} err={err} />
        <Field label="Mitigation" error={err('scan.mitigation')}>
          {(p) => (
            <select {...p} value={draft.scan.mitigation} onChange={(e) => setScan({ mitigation: e.target.value as FvgOptions['mitigation'] })}>
              <option value="touch">touch</option>
              <option value="full-wick">full wick</option>
              <option value="full-close">full close</option>
              <option value="half">half (50 % fill)</option>
            </select>
          )}
        </Field>
        <Field label="Label the zone on" error={err('scan.label')}>
          {(p) => (
            <select {...p} value={draft.scan.label} onChange={(e) => setScan({ label: e.target.value as FvgOptions['label'] })}>
              <option value="middle">the middle candle</option>
              <option value="third">the confirming third candle</option>
            </select>
          )}
        </Field>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving || !dirty} data-testid="save-settings">
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          disabled={!dirty}
          onClick={() => {
            setDraft(saved)
            setWatchText(saved.watchlist.join('\n'))
            setResult(null)
          }}
        >
          Discard changes
        </button>
        {invalid && (touched || dirty) && <span className="error">Some fields need attention.</span>}
        {result && (
          <span className={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'} data-testid="settings-result">
            {result.text}
          </span>
        )}
      </div>
    </form>
  )
}

function firstError(errors: Errors, prefix: string): string | undefined {
  const key = Object.keys(errors).find((k) => k.startsWith(prefix))
  return key ? `${key}: ${errors[key]}` : undefined
}
