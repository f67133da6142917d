// The hosts menu of the dashboard header: "This machine" and the hosts saved in the engine that
// served the page. Choosing one checks its connection first; a failure (refused, wrong token,
// origin, TLS) is shown in the engine's words, naming the host, and the dashboard stays where it was.
import { useEffect, useState } from 'react'
import { LOCAL_HOST_LABEL, type PublicHost } from '../../../shared/hosts.ts'
import { checkHost, fetchHosts } from '../client/hosts.ts'

export interface HostMenuProps {
  /** The host shown now; null for this machine. */
  current: string | null
  onSwitch(name: string | null): void
}

export function HostMenu({ current, onSwitch }: HostMenuProps) {
  const [hosts, setHosts] = useState<PublicHost[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [checking, setChecking] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    fetchHosts().then(
      (h) => live && setHosts(h),
      (err: unknown) => live && setError((err as Error).message),
    )
    return () => {
      live = false
    }
  }, [])

  const choose = async (value: string) => {
    setError(null)
    if (value === '') return onSwitch(null)
    setChecking(value)
    const problem = await checkHost(value)
    setChecking(null)
    if (problem) return setError(problem)
    onSwitch(value)
  }

  // No saved host: no menu (nothing to switch to); a hosts.json that cannot be read still says so.
  if ((hosts === null || hosts.length === 0) && error === null) return null
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
        </select>
      </label>
      {checking && <span className="muted"> connecting to {checking}…</span>}
      {error && (
        <div className="host-error banner warn" role="alert" data-testid="host-error">
          <span>{error}</span>
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}
    </div>
  )
}
