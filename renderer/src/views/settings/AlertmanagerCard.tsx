// Settings → Alertmanager: where the engine shown also delivers its alerts (URL, no auth, basic or
// bearer, how often firing alerts are re-sent), with its own Save, and "Send test alert" whose result
// also lands in the delivery log (Alerts tab). Secrets are write-only: the engine only ever says a
// password or token is "set" (shared/settings-secrets.ts); an empty field keeps the saved one.
import { useState, type FormEvent } from 'react'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import type { AlertmanagerTargetView } from '../../../../shared/settings-secrets.ts'
import { invalidateAlertData } from '../../client/queries.ts'
import type { LiveStore } from '../../store/live.ts'
import { useSignal } from '../../store/signal.ts'
import { Field } from './Field.tsx'
import './cards.css'
import { readAlertmanagerForm, textOf, type AlertmanagerFormText as Text, type AuthType } from './alertmanager-form.ts'

interface Result {
  ok: boolean
  text: string
}

export function AlertmanagerCard({ client, store }: { client: GapwatchClient; store: LiveStore }) {
  const settings = useSignal(store.settings)
  const saved = settings?.alertmanager ?? null
  // Kept out here: a save remounts the form on the saved values, and the verdict must survive that.
  const [result, setResult] = useState<Result | null>(null)
  if (!settings) return null
  return <AlertmanagerForm key={JSON.stringify(saved)} client={client} store={store} saved={saved} result={result} setResult={setResult} />
}

function AlertmanagerForm({ client, store, saved, result, setResult }: { client: GapwatchClient; store: LiveStore; saved: AlertmanagerTargetView | null; result: Result | null; setResult(r: Result | null): void }) {
  const initial = textOf(saved)
  const [f, setF] = useState<Text>(initial)
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const read = readAlertmanagerForm(f, saved)
  const errors = 'errors' in read ? read.errors : {}
  const err = (path: string) => (tried ? errors[path] : undefined)
  const dirty = JSON.stringify(f) !== JSON.stringify(initial)

  const set = (patch: Partial<Text>) => {
    setResult(null)
    setF((x) => ({ ...x, ...patch }))
  }

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setTried(true)
    if ('errors' in read) return setResult({ ok: false, text: 'Fix the fields marked in red first.' })
    setBusy('Saving…')
    try {
      const next = await client.call('setSettings', { alertmanager: read.patch })
      setResult({ ok: true, text: read.patch ? 'Saved: alerts are delivered to this Alertmanager.' : 'Saved: no Alertmanager.' })
      store.settings.set(next)
    } catch (error) {
      setResult({ ok: false, text: (error as Error).message })
    } finally {
      setBusy(null)
    }
  }

  const test = async () => {
    setBusy('Sending a test alert…')
    setResult(null)
    try {
      const d = await client.call('alertmanagerTest', {})
      const status = d.httpStatus !== null ? ` (HTTP ${d.httpStatus})` : ''
      setResult(
        d.status === 'delivered'
          ? { ok: true, text: `Test alert delivered${status}: Alertmanager lists ${d.rule} until it resolves in 5 minutes. Logged under Alerts → deliveries.` }
          : { ok: false, text: `Test alert failed: ${d.error ?? d.status}. Logged under Alerts → deliveries.` },
      )
      invalidateAlertData()
    } catch (error) {
      setResult({ ok: false, text: (error as Error).message })
    } finally {
      setBusy(null)
    }
  }

  const savedAuth = saved?.auth
  const passwordSet = savedAuth?.type === 'basic' && savedAuth.passwordSet
  const tokenSet = savedAuth?.type === 'bearer' && savedAuth.tokenSet
  return (
    <form className="card alertmanager-card" onSubmit={save} noValidate aria-labelledby="am-card-h" data-testid="alertmanager-card">
      <header>
        <h2 id="am-card-h">Alertmanager</h2>
        <span className="sub">firing alerts POSTed to /api/v2/alerts, re-sent while they fire, resolved with endsAt</span>
      </header>
      <Field label="Deliver alerts to an Alertmanager">
        {(p) => <input {...p} type="checkbox" checked={f.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="am-enabled" />}
      </Field>
      {f.enabled && (
        <>
          <Field label="URL" hint="Its base URL, e.g. http://alertmanager.internal:9093 (no user or password in it)." error={err('url')}>
            {(p) => <input {...p} type="url" value={f.url} autoComplete="off" spellCheck={false} placeholder="http://127.0.0.1:9093" onChange={(e) => set({ url: e.target.value })} data-testid="am-url" />}
          </Field>
          <Field label="Authentication" error={err('auth')}>
            {(p) => (
              <select {...p} value={f.auth} onChange={(e) => set({ auth: e.target.value as AuthType })} data-testid="am-auth">
                <option value="none">None</option>
                <option value="basic">Basic (user and password)</option>
                <option value="bearer">Bearer token</option>
              </select>
            )}
          </Field>
          {f.auth === 'basic' && (
            <>
              <Field label="User name" error={err('auth.username')}>
                {(p) => <input {...p} value={f.username} autoComplete="off" onChange={(e) => set({ username: e.target.value })} data-testid="am-username" />}
              </Field>
              <Field label="Password" hint={passwordSet ? 'A password is set: leave empty to keep it.' : 'Never shown again once saved.'} error={err('auth.password')}>
                {(p) => (
                  <input {...p} type="password" value={f.password} autoComplete="new-password" placeholder={passwordSet ? 'set (unchanged)' : 'none'} onChange={(e) => set({ password: e.target.value })} data-testid="am-password" />
                )}
              </Field>
            </>
          )}
          {f.auth === 'bearer' && (
            <Field label="Token" hint={tokenSet ? 'A token is set: leave empty to keep it.' : 'Never shown again once saved.'} error={err('auth.token')}>
              {(p) => <input {...p} type="password" value={f.token} autoComplete="new-password" placeholder={tokenSet ? 'set (unchanged)' : ''} onChange={(e) => set({ token: e.target.value })} data-testid="am-token" />}
            </Field>
          )}
          <Field label="Re-send every (seconds)" hint="While an alert fires; Prometheus' default is 60. 1 – 3600." error={err('resendSeconds')}>
            {(p) => <input {...p} type="number" min={1} max={3600} value={Number.isFinite(f.resendSeconds) ? f.resendSeconds : ''} onChange={(e) => set({ resendSeconds: e.target.valueAsNumber })} data-testid="am-resend" />}
          </Field>
        </>
      )}
      <div className="card-actions">
        <button type="submit" className="primary" disabled={busy !== null || !dirty} data-testid="am-save">
          Save
        </button>
        <button
          type="button"
          disabled={busy !== null || saved === null || dirty}
          title={saved === null ? 'Save an Alertmanager first' : dirty ? 'Save first: the test goes to the saved Alertmanager' : undefined}
          onClick={() => void test()}
          data-testid="am-test"
        >
          Send test alert
        </button>
        {busy && <span className="muted">{busy}</span>}
        {!busy && dirty && saved !== null && <span className="muted">Save first: the test goes to the saved Alertmanager.</span>}
        {result && (
          <span className={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'} data-testid="am-result">
            {result.text}
          </span>
        )}
      </div>
    </form>
  )
}
