// Adds or edits one saved host: name, URL, token. Checked with the shared schema (each field shows
// its own error), saved, then its connection is tried so the trader knows at once whether the URL
// and token work. The token field is write-only: a saved token shows as "set", never its value;
// leaving it empty keeps it.
import { useState, type FormEvent } from 'react'
import type { PublicHost } from '../../../shared/hosts.ts'
import { Field } from '../views/settings/Field.tsx'
import '../views/settings/cards.css'
import { hostsApi, saveAndRefresh } from './hosts-api.ts'
import { readHostForm, type HostFormErrors as Errors } from './host-form.ts'

export interface HostFormProps {
  /** The host edited (its name is fixed), or null to add one. */
  editing: PublicHost | null
  hosts: PublicHost[]
  onDone(): void
}

export function HostForm({ editing, hosts, onDone }: HostFormProps) {
  const [text, setText] = useState({ name: editing?.name ?? '', url: editing?.url ?? '', token: '' })
  const [errors, setErrors] = useState<Errors>({})
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)

  const change = (field: 'name' | 'url' | 'token', value: string) => {
    const next = { ...text, [field]: value }
    setText(next)
    setResult(null)
    if (tried) {
      const r = readHostForm(next, hosts, editing)
      setErrors('errors' in r ? r.errors : {})
    }
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTried(true)
    const r = readHostForm(text, hosts, editing)
    if ('errors' in r) return setErrors(r.errors)
    setErrors({})
    setBusy('Saving…')
    try {
      await saveAndRefresh(r.host)
      setText((t) => ({ ...t, token: '' }))
      setBusy(`Saved. Connecting to ${r.host.name}…`)
      const problem = await hostsApi.check(r.host.name)
      setResult(problem ? { ok: false, text: `Saved, but: ${problem}` } : { ok: true, text: `Saved. ${r.host.name} answers: choose it in the Engine menu.` })
      if (!problem && !editing) setText({ name: '', url: '', token: '' })
      if (!problem) setTried(false)
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message })
    } finally {
      setBusy(null)
    }
  }

  const tokenHint = editing?.tokenSet
    ? 'A token is set: leave empty to keep it (only for the same scheme, host and port), or type a new one.'
    : 'The --token its gapwatch serve printed (at least 16 characters); none for an engine on loopback.'
  return (
    <form className="host-form" onSubmit={submit} noValidate aria-label={editing ? `Edit host ${editing.name}` : 'Add host'} data-testid="host-form">
      <h3>{editing ? `Edit ${editing.name}` : 'Add a host'}</h3>
      <Field label="Name" hint={editing ? 'The name is the host’s key: remove and add it again to rename.' : 'As the Engine menu lists it, e.g. vps-frankfurt.'} error={errors.name}>
        {(p) => <input {...p} value={text.name} disabled={editing !== null} maxLength={40} autoComplete="off" onChange={(e) => change('name', e.target.value)} data-testid="host-name" />}
      </Field>
      <Field label="URL" hint="Where its gapwatch serve listens, e.g. https://vps.example:8787" error={errors.url}>
        {(p) => <input {...p} value={text.url} type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="https://vps.example:8787" onChange={(e) => change('url', e.target.value)} data-testid="host-url" />}
      </Field>
      <Field label="Token" hint={tokenHint} error={errors.token}>
        {(p) => (
          <input
            {...p}
            type="password"
            value={text.token}
            autoComplete="new-password"
            placeholder={editing?.tokenSet ? 'set (unchanged)' : 'none'}
            onChange={(e) => change('token', e.target.value)}
            data-testid="host-token"
          />
        )}
      </Field>
      <div className="card-actions">
        <button type="submit" className="primary" disabled={busy !== null} data-testid="host-save">
          {editing ? 'Save changes' : 'Add host'}
        </button>
        {editing && (
          <button type="button" onClick={onDone} data-testid="host-edit-done">
            Done
          </button>
        )}
        {busy && <span className="muted">{busy}</span>}
        {!busy && tried && Object.keys(errors).length > 0 && <span className="error">Fix the fields marked in red.</span>}
        {result && (
          <span className={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'} data-testid="host-result">
            {result.text}
          </span>
        )}
      </div>
    </form>
  )
}
