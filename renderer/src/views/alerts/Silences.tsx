// Silences still in force (snoozes included), when each ends, and a button to end one now.
import { useState } from 'react'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { useCommand } from '../../client/queries.ts'
import { unsilence } from './actions.ts'
import { Labels } from './ActiveAlerts.tsx'
import { SilenceForm } from './SilenceForm.tsx'
import { absolute, iso, relative } from './data.ts'

export function Silences({ client, now }: { client: GapwatchClient; now: number }) {
  const silences = useCommand(client, 'alertsSilences', {})
  const [adding, setAdding] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // An expired silence stays in the engine's answer until it is next read: hide it at once.
  const list = (silences.data ?? []).filter((s) => s.until > now).sort((a, b) => a.until - b.until)
  return (
    <section className="card" aria-labelledby="silences-h" data-testid="silences">
      <header>
        <h2 id="silences-h">Silences</h2>
        <span className="sub">{list.length} in force</span>
        <button type="button" className="push-right" onClick={() => setAdding(!adding)} aria-expanded={adding}>
          Silence all…
        </button>
      </header>
      {adding && <SilenceForm client={client} rule={null} onDone={() => setAdding(false)} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted">{silences.isPending ? 'Loading…' : 'No silences: every firing alert is delivered.'}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Ends</th>
              <th>Comment</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} data-testid={`silence-${s.rule ?? '*'}`}>
                <td className="nowrap">
                  {s.rule ?? <em>every rule</em>} {Object.keys(s.labels).length > 0 && <Labels labels={s.labels} />}
                </td>
                <td title={iso(s.until)}>
                  {relative(s.until, now)} <span className="muted mono">({absolute(s.until, now)})</span>
                </td>
                <td className="ellipsis">{s.comment || <span className="muted">—</span>}</td>
                <td className="num">
                  <button type="button" onClick={() => unsilence(client, s.id).then(() => setError(null), (e: unknown) => setError((e as Error).message))}>
                    Unsilence
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
