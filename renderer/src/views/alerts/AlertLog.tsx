// The alert log (SQLite, kept 35 days by the engine): every state change, filterable by rule,
// severity and time range, newest first.
import { useMemo, useState } from 'react'
import { SEVERITIES, formatValue, isMetricRule, type Rule, type Severity } from '../../../../shared/alerts.ts'
import { formatMetric } from '../../../../shared/format.ts'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { useCommand } from '../../client/queries.ts'
import { SeverityPill } from './SeverityPill.tsx'
import { absolute, iso } from './data.ts'

export const LOG_RANGES = [
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { id: '30d', label: '30 d', ms: 30 * 86_400_000 },
] as const
type RangeId = (typeof LOG_RANGES)[number]['id']
const LIMIT = 500

export function AlertLog({ client, rules, now }: { client: GapwatchClient; rules: readonly Rule[]; now: number }) {
  const [rule, setRule] = useState('')
  const [severity, setSeverity] = useState<Severity | ''>('')
  const [range, setRange] = useState<RangeId>('24h')
  // `from` moves with the minute, not the second, so the query key (and the cache) stays put.
  const minute = Math.floor(now / 60_000) * 60_000
  const params = useMemo(
    () => ({
      rule: rule || undefined,
      severity: severity || undefined,
      from: minute - LOG_RANGES.find((r) => r.id === range)!.ms,
      limit: LIMIT,
    }),
    [rule, severity, range, minute],
  )
  const log = useCommand(client, 'alertsLog', params, { placeholderData: (prev) => prev })
  const entries = useMemo(() => log.data ?? [], [log.data])
  const metricOf = useMemo(() => new Map(rules.filter(isMetricRule).map((r) => [r.name, r.metric])), [rules])
  const names = useMemo(() => {
    const set = new Set(rules.map((r) => r.name))
    for (const e of entries) set.add(e.rule)
    return [...set].sort()
  }, [rules, entries])

  return (
    <section className="card wide" aria-labelledby="log-h" data-testid="alert-log">
      <header>
        <h2 id="log-h">Alert log</h2>
        <span className="sub" data-testid="log-count">
          {log.isPending ? 'Loading…' : `${entries.length}${entries.length === LIMIT ? '+' : ''} ${entries.length === 1 ? 'entry' : 'entries'}`}
        </span>
        <div className="filters">
          <label>
            Rule{' '}
            <select value={rule} onChange={(e) => setRule(e.target.value)} data-testid="log-rule">
              <option value="">all</option>
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label>
            Severity{' '}
            <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity | '')} data-testid="log-severity">
              <option value="">all</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <div className="segmented" role="group" aria-label="Log range">
            {LOG_RANGES.map((r) => (
              <button key={r.id} type="button" aria-pressed={range === r.id} onClick={() => setRange(r.id)} data-testid={`log-range-${r.id}`}>
                {r.label}
              </button>
            ))}
          </div>
        </div>
      </header>
      {log.isError ? (
        <p className="error">Could not read the log: {log.error.message}</p>
      ) : entries.length === 0 ? (
        <p className="muted">{log.isPending ? 'Loading…' : 'Nothing logged for this filter.'}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="log-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Severity</th>
                <th>Rule</th>
                <th>State</th>
                <th className="num">Value</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-rule={e.rule} data-state={e.state}>
                  <td className="mono" title={iso(e.t)}>
                    {absolute(e.t, now)}
                  </td>
                  <td>
                    <SeverityPill severity={e.severity} />
                  </td>
                  <td>{e.rule}</td>
                  <td>
                    <span className={`state ${e.state}`}>{e.state}</span>
                    {e.muted && <span className="badge">{e.muted}</span>}
                  </td>
                  <td className="num mono">{metricOf.has(e.rule) ? formatMetric(metricOf.get(e.rule)!, e.value) : e.value === null ? '—' : formatValue(e.value)}</td>
                  <td className="ellipsis" title={e.message}>
                    {e.message}
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
