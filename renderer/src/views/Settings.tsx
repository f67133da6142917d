// Settings: validated in the form by the same zod schema the engine uses (each field shows its own
// error), saved with setSettings and applied by the engine without a restart.
import { useMemo, useState, type FormEvent } from 'react'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { SettingsViewSchema as SettingsSchema, type SettingsView as SettingsValue } from '../../../shared/settings-secrets.ts'
import type { LiveStore } from '../store/live.ts'
import { useSignal } from '../store/signal.ts'
import { isDesktop } from '../client/index.ts'
import { SamplingCard } from './settings/SamplingCard.tsx'
import { ScanCard } from './settings/ScanCard.tsx'
import { ProcessGroupsCard } from './settings/ProcessGroupsCard.tsx'
import { StorageCard } from './settings/StorageCard.tsx'
import { CostCard } from './settings/CostCard.tsx'
import { HostsCard } from '../hosts/HostsCard.tsx'
import { AlertmanagerCard } from './settings/AlertmanagerCard.tsx'

type Errors = Record<string, string>

/** The schema's verdict (whether each pattern compiles on RE2, whether group names are unique), keyed by field path. */
export function validate(s: SettingsValue): Errors {
  const errors: Errors = {}
  const r = SettingsSchema.safeParse(s)
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = issue.path.join('.')
      errors[key] ??= issue.message
    }
  }
  return errors
}


export function Settings({ client, store }: { client: GapwatchClient; store: LiveStore }) {
  const saved = useSignal(store.settings)
  // Kept here: saving remounts the form on the new values, and the verdict must survive that.
  const [result, setResult] = useState<Result | null>(null)
  if (!saved) return <p className="muted">Loading settings…</p>
  return (
    <>
      <SettingsForm key={JSON.stringify(saved)} client={client} store={store} saved={saved} result={result} setResult={setResult} />
      {/* Cards with their own forms and Save (a form cannot hold another). */}
      <div className="settings settings-more">
        <AlertmanagerCard client={client} store={store} />
        <HostsCard />
      </div>
    </>
  )
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
  // The tray belongs to the desktop app: a browser on `gapwatch serve` does not show it.
  const desktop = isDesktop(client)

  return (
    <form className="settings" onSubmit={save} noValidate aria-label="Settings">
      <StorageCard client={client} />
      <SamplingCard draft={draft} set={set} err={err} desktop={desktop} />

      <ProcessGroupsCard groups={draft.processGroups} onChange={(processGroups) => set({ processGroups })} err={err} />

      <ScanCard draft={draft} set={set} err={err} watchError={firstError(errors, 'watchlist.')} watchText={watchText} setWatchText={setWatchText} />

      <CostCard draft={draft} set={set} err={err} firstErr={(prefix) => (touched || dirty ? firstError(errors, prefix) : undefined)} />

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
