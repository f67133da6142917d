// The rule editor's inputs, one per schema field (schema-fields.ts), each with its error from the
// schema's path next to it. Optional sections (session, webhook) switch on with a checkbox.
import { Field } from '../settings/Field.tsx'
import { fieldRank, fieldText } from './field-text.ts'
import { sectionDraft, type Draft, type DraftValue, type Errors, type FieldSpec } from './schema-fields.ts'

interface Props {
  fields: readonly FieldSpec[]
  draft: Draft
  onChange: (d: Draft) => void
  errors: Errors
  /** Path of this group of fields ('' at the top, 'session.' inside a section). */
  path?: string
  metrics: readonly string[]
  /** The name of a saved rule cannot change (saving by name would make a copy). */
  lockName?: boolean
}

function placeholder(f: FieldSpec): string | undefined {
  if (f.defaultValue === undefined || typeof f.defaultValue === 'object') return f.optional ? 'optional' : undefined
  return `default ${String(f.defaultValue)}`
}

export function RuleFields({ fields, draft, onChange, errors, path = '', metrics, lockName }: Props) {
  const set = (key: string, v: DraftValue) => onChange({ ...draft, [key]: v })
  // Stable sort: fields the ranking does not know keep the schema's order.
  const ordered = [...fields].sort((a, b) => fieldRank(a.key, a.field.type === 'object') - fieldRank(b.key, b.field.type === 'object'))
  return (
    <>
      {ordered.map((f) => {
        const at = path + f.key
        const text = fieldText(f.key)
        const v = draft[f.key]
        const error = errors[at]
        const testId = `rule-${at}`
        if (f.field.type === 'object') {
          const sub = f.field.fields
          const on = v !== null && typeof v === 'object' && !Array.isArray(v)
          const subErrors = Object.keys(errors).some((k) => k.startsWith(`${at}.`))
          return (
            <fieldset key={f.key} className={`rule-section${subErrors ? ' invalid' : ''}`}>
              <legend>
                {f.optional ? (
                  <label>
                    <input type="checkbox" checked={on} onChange={(e) => set(f.key, e.target.checked ? sectionDraft(sub) : null)} data-testid={testId} /> {text.label}
                  </label>
                ) : (
                  text.label
                )}
                {text.hint && <small className="muted"> — {text.hint}</small>}
              </legend>
              {on && <RuleFields fields={sub} draft={v} onChange={(d) => set(f.key, d)} errors={errors} path={`${at}.`} metrics={metrics} />}
              {error && <small className="error field-error">{error}</small>}
            </fieldset>
          )
        }
        return (
          <Field key={f.key} label={text.label} hint={text.hint} error={error}>
            {(p) => {
              switch (f.field.type) {
                case 'boolean':
                  return <input {...p} type="checkbox" checked={v === true} onChange={(e) => set(f.key, e.target.checked)} data-testid={testId} />
                case 'enum':
                  return (
                    <select {...p} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.key, e.target.value)} data-testid={testId}>
                      {f.optional && f.defaultValue === undefined && <option value="">—</option>}
                      {f.field.values.map((x) => (
                        <option key={x} value={x}>
                          {x}
                        </option>
                      ))}
                    </select>
                  )
                case 'enumList': {
                  const list = Array.isArray(v) ? v : []
                  return (
                    <span className="checks" id={p.id} aria-describedby={p['aria-describedby']} data-testid={testId}>
                      {f.field.values.map((x) => (
                        <label key={x}>
                          <input type="checkbox" checked={list.includes(x)} onChange={(e) => set(f.key, e.target.checked ? [...list, x] : list.filter((y) => y !== x))} /> {x}
                        </label>
                      ))}
                    </span>
                  )
                }
                case 'metric':
                  return (
                    <>
                      <input {...p} type="text" list="rule-metrics" value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.key, e.target.value)} spellCheck={false} data-testid={testId} />
                      <datalist id="rule-metrics">
                        {metrics.map((m) => (
                          <option key={m} value={m} />
                        ))}
                      </datalist>
                    </>
                  )
                default:
                  return (
                    <input
                      {...p}
                      type="text"
                      inputMode={f.field.type === 'number' ? 'decimal' : undefined}
                      value={typeof v === 'string' ? v : ''}
                      readOnly={lockName && f.key === 'name'}
                      placeholder={placeholder(f)}
                      onChange={(e) => set(f.key, e.target.value)}
                      spellCheck={false}
                      className={f.field.type === 'number' || f.field.type === 'duration' ? 'short' : undefined}
                      data-testid={testId}
                    />
                  )
              }
            }}
          </Field>
        )
      })}
    </>
  )
}
