// Active alerts: severity, rule and message, state, current value against the threshold, since when
// (relative and absolute), labels, and what a trader does about one: acknowledge, snooze, silence.
import { useState } from 'react'
import type { Alert, Rule } from '../../../../shared/alerts.ts'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { formatMetric } from '../../../../shared/format.ts'
import { COST_VIEW_HREF, linksToCostView } from '../../../../shared/cost.ts'
import { useCommand } from '../../client/queries.ts'
import { SNOOZES, acknowledge, snooze } from './actions.ts'
import { SEVERITY_RANK, absolute, iso, relative, thresholdOf } from './data.ts'
import { SilenceForm } from './SilenceForm.tsx'
import { SeverityPill } from './SeverityPill.tsx'

/** Worst first, then firing before pending, then the oldest. */
function order(a: Alert, b: Alert): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    Number(b.state === 'firing') - Number(a.state === 'firing') ||
    a.activeAt - b.activeAt
  )
}

export function ActiveAlerts({ client, rules, now }: { client: GapwatchClient; rules: readonly Rule[]; now: number }) {
  // The value moves between state changes: while something is active, re-read it every few seconds.
  const active = useCommand(client, 'alertsActive', {}, { refetchInterval: (q) => ((q.state.data?.length ?? 0) > 0 ? 5000 : false) })
  const [silencing, setSilencing] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const byName = new Map(rules.map((r) => [r.name, r]))
  const list = [...(active.data ?? [])].sort(order)
  const run = (p: Promise<void>) => p.then(() => setError(null), (e: unknown) => setError((e as Error).message))

  return (
    <section className="card wide" aria-labelledby="active-h" data-testid="active-alerts">
      <header>
        <h2 id="active-h">Active alerts</h2>
        <span className="sub">{active.isPending ? 'Loading…' : `${list.filter((a) => a.state === 'firing').length} firing · ${list.filter((a) => a.state === 'pending').length} pending`}</span>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </header>
      {active.isError ? (
        <p className="error">Could not read the active alerts: {active.error.message}</p>
      ) : list.length === 0 ? (
        <p className="muted" data-testid="no-active-alerts">
          {active.isPending ? 'Loading…' : 'All clear: no rule is pending or firing.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table alerts-table">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Alert</th>
                <th>State</th>
                <th className="num">Value</th>
                <th>Threshold</th>
                <th>Since</th>
                <th>Labels</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => {
                const since = a.firedAt ?? a.activeAt
                return (
                  <tr key={a.rule} data-testid={`alert-${a.rule}`} data-state={a.state} className={a.muted || a.acknowledgedAt ? 'quiet' : undefined}>
                    <td>
                      <SeverityPill severity={a.severity} />
                    </td>
                    <td className="alert-name">
                      <strong>{a.rule}</strong>
                      <div className="muted wrap">{a.message}</div>
                      {linksToCostView(a.labels) && (
                        <a href={COST_VIEW_HREF} data-testid="cost-link">
                          Open the Cost view
                        </a>
                      )}
                    </td>
                    <td>
                      <span className={`state ${a.state}`}>{a.state}</span>
                      {a.muted && <span className="badge">{a.muted}</span>}
                      {a.acknowledgedAt !== null && (
                        <span className="badge" title={`Acknowledged at ${absolute(a.acknowledgedAt, now)}`} data-testid="acked">
                          acknowledged
                        </span>
                      )}
                    </td>
                    <td className="num mono">{formatMetric(a.metric, a.value)}</td>
                    <td className="mono">{thresholdOf(byName.get(a.rule))}</td>
                    <td title={iso(since)}>
                      {relative(since, now)}
                      <div className="muted mono">{absolute(since, now)}</div>
                    </td>
                    <td>
                      <Labels labels={a.labels} />
                    </td>
                    <td className="actions">
                      <button type="button" disabled={a.acknowledgedAt !== null} onClick={() => run(acknowledge(client, a.rule))}>
                        Acknowledge
                      </button>
                      <select
                        aria-label={`Snooze ${a.rule}`}
                        value=""
                        onChange={(e) => {
                          const s = SNOOZES.find((x) => x.spec === e.target.value)
                          if (s) run(snooze(client, a.rule, s.spec, s.label))
                        }}
                      >
                        <option value="">Snooze…</option>
                        {SNOOZES.map((s) => (
                          <option key={s.spec} value={s.spec}>
                            {s.label}
                          </option>
                        ))}
                      </select>
                      <button type="button" aria-expanded={silencing === a.rule} onClick={() => setSilencing(silencing === a.rule ? null : a.rule)}>
                        Silence…
                      </button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {silencing !== null && <SilenceForm client={client} rule={silencing} onDone={() => setSilencing(null)} />}
    </section>
  )
}

export function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels)
  if (entries.length === 0) return <span className="muted">—</span>
  return (
    <span className="labels">
      {entries.map(([k, v]) => (
        <code key={k} className="label-chip">
          {k}={v}
        </code>
      ))}
    </span>
  )
}
