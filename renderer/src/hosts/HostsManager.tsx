// The saved hosts with Edit and Remove (removing asks once more: the token goes with it), and the
// form to add or edit one. Shown in the "Add host…" dialog of the Engine menu and in Settings.
import './hosts.css'
import { useEffect, useState } from 'react'
import type { PublicHost } from '../../../shared/hosts.ts'
import { useSignal } from '../store/signal.ts'
import { HostForm } from './HostForm.tsx'
import { hostsError, refreshHosts, removeAndRefresh, savedHosts } from './hosts-api.ts'

export function HostsManager({ current }: { current?: string | null }) {
  const hosts = useSignal(savedHosts)
  const readError = useSignal(hostsError)
  const [editing, setEditing] = useState<PublicHost | null>(null)
  const [confirm, setConfirm] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => void refreshHosts(), [])

  const remove = async (name: string) => {
    setConfirm(null)
    setError(null)
    try {
      await removeAndRefresh(name)
      if (editing?.name === name) setEditing(null)
    } catch (err) {
      setError((err as Error).message)
    }
  }

  const list = hosts ?? []
  return (
    <div className="hosts-manager" data-testid="hosts-manager">
      {readError && (
        <p className="error" role="alert">
          {readError}
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted">
          {hosts === null ? (
            'Loading…'
          ) : (
            <>
              No other engine saved yet. Add the URL (and token) of a <code>gapwatch serve</code> to watch it from here.
            </>
          )}
        </p>
      ) : (
        <table className="table hosts-table" data-testid="hosts-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>URL</th>
              <th>Token</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((h) => (
              <tr key={h.name} data-host={h.name}>
                <td className="nowrap">
                  {h.name}
                  {current === h.name && <span className="muted"> (shown now)</span>}
                </td>
                <td className="mono ellipsis" title={h.url}>
                  {h.url}
                </td>
                <td>{h.tokenSet ? 'set' : <span className="muted">none</span>}</td>
                <td className="nowrap actions">
                  {confirm === h.name ? (
                    <>
                      <span>Remove {h.name} and its token?</span>{' '}
                      <button type="button" className="danger" onClick={() => void remove(h.name)} data-testid="host-remove-confirm">
                        Remove
                      </button>{' '}
                      <button type="button" onClick={() => setConfirm(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" onClick={() => setEditing(h)} aria-label={`Edit ${h.name}`} data-testid="host-edit">
                        Edit
                      </button>{' '}
                      <button type="button" onClick={() => setConfirm(h.name)} aria-label={`Remove ${h.name}`} data-testid="host-remove">
                        Remove
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <HostForm key={editing?.name ?? ''} editing={editing} hosts={list} onDone={() => setEditing(null)} />
    </div>
  )
}
