// The rules of rules.yaml: what each watches and when it fires, with edit and delete; "New rule"
// opens the editor.
import { useState } from 'react'
import { isMetricRule, type Rule } from '../../../../shared/alerts.ts'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { queryClient } from '../../client/queries.ts'
import { RuleEditor } from './RuleEditor.tsx'
import { SeverityPill } from './SeverityPill.tsx'
import { thresholdOf } from './data.ts'

type Editing = { rule: Rule | null } | null

export function Rules({ client, rules, loading }: { client: GapwatchClient; rules: readonly Rule[]; loading: boolean }) {
  const [editing, setEditing] = useState<Editing>(null)
  const [error, setError] = useState<string | null>(null)
  const remove = async (name: string) => {
    if (!window.confirm(`Delete the rule "${name}"? rules.yaml is rewritten without it.`)) return
    try {
      await client.call('rulesDelete', { name })
      await queryClient.invalidateQueries({ queryKey: ['rulesList'] })
      setError(null)
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <>
      {editing && <RuleEditor key={editing.rule?.name ?? '(new)'} client={client} rule={editing.rule} taken={rules.map((r) => r.name)} onClose={() => setEditing(null)} />}
      <section className="card wide" aria-labelledby="rules-h" data-testid="rules">
        <header>
          <h2 id="rules-h">Rules</h2>
          <span className="sub">{rules.length} in rules.yaml</span>
          <button type="button" className="primary push-right" onClick={() => setEditing({ rule: null })} data-testid="new-rule">
            New rule
          </button>
        </header>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {rules.length === 0 ? (
          <p className="muted">{loading ? 'Loading…' : 'No rules. "New rule" adds one.'}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>Severity</th>
                  <th>Metric</th>
                  <th>Condition</th>
                  <th>For</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rules.map((r) => (
                  <tr key={r.name} data-testid={`rule-row-${r.name}`} className={r.enabled ? undefined : 'quiet'}>
                    <td>
                      <strong>{r.name}</strong> {!r.enabled && <span className="badge">disabled</span>}
                      {r.kind !== 'threshold' && <span className="badge">{r.kind}</span>}
                    </td>
                    <td>
                      <SeverityPill severity={r.severity} />
                    </td>
                    <td className="mono">{isMetricRule(r) ? r.metric : `FVG ${r.symbols.join(', ') || 'all symbols'}`}</td>
                    <td className="mono">{thresholdOf(r)}</td>
                    <td className="mono">{isMetricRule(r) ? r.for : '—'}</td>
                    <td className="num actions">
                      <button type="button" onClick={() => setEditing({ rule: r })} aria-label={`Edit ${r.name}`}>
                        Edit
                      </button>
                      <button type="button" onClick={() => void remove(r.name)} aria-label={`Delete ${r.name}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}
