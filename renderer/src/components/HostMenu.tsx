// The hosts menu of the dashboard header: "This machine", the saved hosts, and "Add or edit hosts…"
// (the hosts dialog). Choosing a host checks its connection first; a failure (refused, wrong token,
// origin, TLS) is shown in words naming the host, and the dashboard stays where it was. The hosts
// are this dashboard's (hosts/hosts-api.ts): the engine that served the page, or the desktop app.
import { useEffect, useState } from 'react'
import { LOCAL_HOST_LABEL } from '../../../shared/hosts.ts'
import { HostsDialog } from '../hosts/HostsDialog.tsx'
import { hostsApi, hostsError, refreshHosts, savedHosts } from '../hosts/hosts-api.ts'
import { useSignal } from '../store/signal.ts'

export interface HostMenuProps {
  /** The host shown now; null for this machine. */
  current: string | null
  onSwitch(name: string | null): Promise<void> | void
}

/** The menu entry that opens the hosts dialog (not a host name: names start with a letter or digit). */
const MANAGE = '…manage'

export function HostMenu({ current, onSwitch }: HostMenuProps) {
  const hosts = useSignal(savedHosts)
  const readError = useSignal(hostsError)
  const [error, setError] = useState<string | null>(null)
  const [checking, setChecking] = useState<string | null>(null)
  const [managing, setManaging] = useState(false)

  useEffect(() => void refreshHosts(), [])

  const choose = async (value: string) => {
    setError(null)
    if (value === MANAGE) return setManaging(true)
    if (value === '') return onSwitch(null)
    setChecking(value)
    try {
      const problem = await hostsApi.check(value)
      if (problem) return setError(problem)
      await onSwitch(value)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setChecking(null)
    }
  }

  const shown = error ?? readError
  return (
    <div className="host-menu">
      <label>
        <span className="muted">Engine</span>{' '}
        <select
          aria-label="Engine"
          data-testid="host-menu"
          className={current ? 'remote' : undefined}
          value={checking ?? current ?? ''}
          disabled={checking !== null}
          onChange={(e) => void choose(e.target.value)}
        >
          <option value="">{LOCAL_HOST_LABEL}</option>
          {(hosts ?? []).map((h) => (
            <option key={h.name} value={h.name} title={h.url}>
              {h.name}
            </option>
          ))}
          <option value={MANAGE}>{hosts?.length ? 'Add or edit hosts…' : 'Add host…'}</option>
        </select>
      </label>
      {checking && <span className="muted"> connecting to {checking}…</span>}
      {shown && (
        <div className="host-error banner warn" role="alert" data-testid="host-error">
          <span>{shown}</span>
          <button
            type="button"
            className="icon"
            aria-label="Dismiss"
            onClick={() => {
              setError(null)
              hostsError.set(null)
            }}
          >
            ×
          </button>
        </div>
      )}
      {managing && <HostsDialog current={current} onClose={() => setManaging(false)} />}
    </div>
  )
}
