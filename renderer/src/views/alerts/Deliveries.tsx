// The webhook delivery log: each POST after its retries, delivered, failed with the reason, or superseded
// (a newer state of its alert went in its place).
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { useCommand } from '../../client/queries.ts'
import { absolute } from './data.ts'

export function Deliveries({ client, now }: { client: GapwatchClient; now: number }) {
  // A delivery is logged after its retries, seconds after the `alert` event that refetched this:
  // re-read it now and then while the view is open.
  const deliveries = useCommand(client, 'alertsDeliveries', { limit: 100 }, { refetchInterval: 10_000 })
  const list = deliveries.data ?? []
  return (
    <section className="card" aria-labelledby="deliveries-h" data-testid="deliveries">
      <header>
        <h2 id="deliveries-h">Deliveries (webhook and Alertmanager)</h2>
        <span className="sub">last {list.length} (kept 7 days)</span>
      </header>
      {list.length === 0 ? (
        <p className="muted">{deliveries.isPending ? 'Loading…' : 'No webhook calls yet. A rule with a webhook posts here when it fires or resolves.'}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Rule</th>
                <th>Result</th>
                <th className="num">Tries</th>
                <th>URL</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d, i) => (
                <tr key={`${d.t}-${d.rule}-${i}`}>
                  <td className="mono">{absolute(d.t, now)}</td>
                  <td className="nowrap">{d.rule}</td>
                  <td className={`result ${d.status === 'delivered' ? 'ok' : d.status === 'superseded' ? 'muted' : 'error'}`} title={d.error ?? undefined}>
                    {d.status}
                    {d.httpStatus !== null ? ` (HTTP ${d.httpStatus})` : ''}
                    {d.error ? ` — ${d.error}` : ''}
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td className="ellipsis mono" title={d.url}>
                    {d.url}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
