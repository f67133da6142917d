// Create or edit one rule: the form comes from the shared schema (schema-fields.ts), every field
// checked by RuleSchema as you type with the error next to it; Backtest replays it over history
// before you save it.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import type { Rule } from '../../../../shared/alerts.ts'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { queryClient, useCommand } from '../../client/queries.ts'
import { Backtest } from './Backtest.tsx'
import { RuleFields } from './RuleFields.tsx'
import { RULE_KINDS, emptyDraft, fromRule, kindSpec, validateDraft, type Draft } from './schema-fields.ts'

interface Props {
  client: GapwatchClient
  /** The rule being edited; null for a new one. */
  rule: Rule | null
  /** Names already taken (a new rule may not reuse one). */
  taken: readonly string[]
  onClose: () => void
}

export function RuleEditor({ client, rule, taken, onClose }: Props) {
  const [draft, setDraft] = useState<Draft>(() => (rule ? fromRule(rule) : emptyDraft(RULE_KINDS[0].kind)))
  const [touched, setTouched] = useState(false)
  const [saving, setSaving] = useState(false)
  const [result, setResult] = useState<string | null>(null)
  const names = useCommand(client, 'metricNames')
  const form = useRef<HTMLFormElement>(null)
  // Opened from a button further down the page: bring it into view.
  // (Braces: newer Chromium returns a Promise from scrollIntoView, which React would take for a cleanup.)
  useEffect(() => {
    form.current?.scrollIntoView({ block: 'start' })
  }, [])
  const kind = typeof draft.kind === 'string' ? draft.kind : RULE_KINDS[0].kind
  const { rule: parsed, errors } = useMemo(() => {
    const v = validateDraft(draft)
    const name = typeof draft.name === 'string' ? draft.name.trim() : ''
    if (!rule && name && taken.includes(name)) {
      v.errors.name ??= `"${name}" is used by another rule`
      return { rule: null, errors: v.errors }
    }
    return v
  }, [draft, rule, taken])
  const shown = touched ? errors : {}

  const change = (d: Draft) => {
    setTouched(true)
    setResult(null)
    setDraft(d)
  }
  const switchKind = (k: string) => {
    // Keep what both kinds share (name, metric, severity…); the rest starts from its defaults.
    const next = emptyDraft(k)
    for (const f of kindSpec(k).fields) if (f.key in draft && kindSpec(kind).fields.some((g) => g.key === f.key && g.field.type === f.field.type)) next[f.key] = draft[f.key]
    change(next)
  }

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (!parsed) return setResult('Fix the fields marked in red first.')
    setSaving(true)
    try {
      const rules = await client.call('rulesSave', { rule: parsed })
      queryClient.setQueryData(['rulesList', {}], rules)
      onClose()
    } catch (err) {
      setResult((err as Error).message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <form ref={form} className="card wide rule-editor" onSubmit={save} noValidate aria-label="Rule editor" data-testid="rule-editor">
      <header>
        <h2>{rule ? `Edit rule ${rule.name}` : 'New rule'}</h2>
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => switchKind(e.target.value)} disabled={rule !== null} data-testid="rule-kind">
            {RULE_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.kind}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className="rule-fields">
        <RuleFields fields={kindSpec(kind).fields} draft={draft} onChange={change} errors={shown} metrics={names.data ?? []} lockName={rule !== null} />
      </div>
      <Backtest client={client} rule={parsed} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving} data-testid="save-rule">
          {saving ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        {touched && !parsed && <span className="error">Some fields need attention.</span>}
        {result && (
          <span className="error" role="alert" data-testid="rule-result">
            {result}
          </span>
        )}
      </div>
    </form>
  )
}
