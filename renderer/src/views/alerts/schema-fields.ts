// The rule editor's form, read from the shared zod schemas (shared/alerts.ts) instead of written by
// hand: each kind of rule in RuleSchema's union gives its fields, their types, enum choices and
// defaults, so a new kind of rule (or a new field) shows up in the editor without UI work. The form
// keeps text as typed (a draft); `toInput` turns it into what RuleSchema parses, `fromRule` back.
import { RuleSchema, type Rule } from '../../../../shared/alerts.ts'
import { DurationSchema } from '../../../../shared/durations.ts'

/** The few parts of a zod 4 schema's definition the form reads. */
interface Def {
  type: string
  innerType?: Schema
  defaultValue?: unknown
  shape?: Record<string, Schema>
  entries?: Record<string, string | number>
  values?: unknown[]
  element?: Schema
  options?: Schema[]
  out?: Schema
}
interface Schema {
  _zod: { def: Def }
}

export type FieldType =
  | { type: 'text' }
  | { type: 'duration' }
  | { type: 'metric' }
  | { type: 'number' }
  | { type: 'boolean' }
  | { type: 'enum'; values: string[] }
  | { type: 'enumList'; values: string[] }
  | { type: 'labels' }
  | { type: 'object'; fields: FieldSpec[] }
  /** Anything else (a future field shape): edited as JSON. */
  | { type: 'json' }

export interface FieldSpec {
  key: string
  field: FieldType
  /** May be left out (optional, or has a default). */
  optional: boolean
  /** The schema's default, shown as the placeholder. */
  defaultValue: unknown
}

export interface RuleKind {
  kind: string
  fields: FieldSpec[]
}

function defOf(s: Schema): Def {
  return s._zod.def
}

function fieldType(key: string, s: Schema): FieldType {
  if ((s as unknown) === DurationSchema) return { type: 'duration' }
  const d = defOf(s)
  switch (d.type) {
    case 'string':
      return key === 'metric' ? { type: 'metric' } : { type: 'text' }
    case 'number':
      return { type: 'number' }
    case 'boolean':
      return { type: 'boolean' }
    case 'enum':
      return { type: 'enum', values: Object.values(d.entries ?? {}).map(String) }
    case 'record':
      return { type: 'labels' }
    case 'object':
      return { type: 'object', fields: fieldsOf(s) }
    case 'array': {
      const el = d.element ? defOf(d.element) : null
      if (el?.type === 'enum') return { type: 'enumList', values: Object.values(el.entries ?? {}).map(String) }
      return { type: 'json' }
    }
    default:
      return { type: 'json' }
  }
}

function fieldsOf(obj: Schema): FieldSpec[] {
  const out: FieldSpec[] = []
  for (const [key, raw] of Object.entries(defOf(obj).shape ?? {})) {
    if (key === 'kind') continue
    let s = raw
    let optional = false
    let defaultValue: unknown = undefined
    for (;;) {
      const d = defOf(s)
      if (d.type === 'optional' && d.innerType) optional = true
      else if (d.type === 'default' && d.innerType) {
        optional = true
        defaultValue = d.defaultValue
      } else break
      s = d.innerType
    }
    out.push({ key, field: fieldType(key, s), optional, defaultValue })
  }
  return out
}

function kindOf(obj: Schema): string {
  let s = defOf(obj).shape?.kind
  while (s && (defOf(s).type === 'default' || defOf(s).type === 'optional') && defOf(s).innerType) s = defOf(s).innerType
  return String(s ? (defOf(s).values?.[0] ?? '') : '')
}

/** Every kind of rule RuleSchema accepts, with its fields in schema order. */
export const RULE_KINDS: readonly RuleKind[] = (() => {
  let s = RuleSchema as unknown as Schema
  if (defOf(s).type === 'pipe' && defOf(s).out) s = defOf(s).out!
  const options = defOf(s).options ?? [s]
  return options.map((o) => ({ kind: kindOf(o), fields: fieldsOf(o) }))
})()

export function kindSpec(kind: string): RuleKind {
  return RULE_KINDS.find((k) => k.kind === kind) ?? RULE_KINDS[0]
}

// ---- the draft: text as typed ----

export type DraftValue = string | boolean | string[] | Draft | null
export interface Draft {
  [key: string]: DraftValue
}

export function emptyDraft(kind: string): Draft {
  const d: Draft = { kind }
  for (const f of kindSpec(kind).fields) d[f.key] = emptyValue(f)
  return d
}

function emptyValue(f: FieldSpec): DraftValue {
  switch (f.field.type) {
    case 'boolean':
      return f.defaultValue === undefined ? false : Boolean(f.defaultValue)
    case 'enumList':
      return Array.isArray(f.defaultValue) ? f.defaultValue.map(String) : []
    case 'object':
      // An optional section starts switched off (null); a required one with its fields empty.
      return f.optional ? null : Object.fromEntries(f.field.fields.map((x) => [x.key, emptyValue(x)]))
    case 'enum':
      return f.defaultValue === undefined ? '' : String(f.defaultValue)
    default:
      return ''
  }
}

/** A section switched on: its fields empty (defaults apply). */
export function sectionDraft(fields: readonly FieldSpec[]): Draft {
  return Object.fromEntries(fields.map((x) => [x.key, emptyValue(x)]))
}

function labelsText(v: unknown): string {
  if (!v || typeof v !== 'object') return ''
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}=${String(x)}`)
    .join(', ')
}

/** Parses `a=1, b=two`; a piece without `=` is returned as the error. */
export function parseLabels(text: string): { labels: Record<string, string> } | { error: string } {
  const labels: Record<string, string> = {}
  for (const piece of text.split(',')) {
    const p = piece.trim()
    if (!p) continue
    const at = p.indexOf('=')
    if (at <= 0) return { error: `"${p}" is not name=value` }
    labels[p.slice(0, at).trim()] = p.slice(at + 1).trim()
  }
  return { labels }
}

function toDraft(fields: readonly FieldSpec[], v: Record<string, unknown>): Draft {
  const d: Draft = {}
  for (const f of fields) {
    const x = v[f.key]
    switch (f.field.type) {
      case 'boolean':
        d[f.key] = x === undefined ? emptyValue(f) : Boolean(x)
        break
      case 'enumList':
        d[f.key] = Array.isArray(x) ? x.map(String) : emptyValue(f)
        break
      case 'labels':
        d[f.key] = labelsText(x)
        break
      case 'object':
        d[f.key] = x && typeof x === 'object' ? toDraft(f.field.fields, x as Record<string, unknown>) : emptyValue(f)
        break
      case 'json':
        d[f.key] = x === undefined ? '' : JSON.stringify(x)
        break
      default:
        d[f.key] = x === undefined || x === null ? '' : String(x)
    }
  }
  return d
}

/** An existing rule as a draft (every field filled, as the engine holds it). */
export function fromRule(rule: Rule): Draft {
  const r = rule as unknown as Record<string, unknown>
  return { kind: rule.kind, ...toDraft(kindSpec(rule.kind).fields, r) }
}

/** Errors the draft has before the schema sees it (text that is not a number, labels, JSON), by path. */
export type Errors = Record<string, string>

function fromDraft(fields: readonly FieldSpec[], d: Draft, path: string, errors: Errors): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const x = d[f.key]
    const at = path + f.key
    switch (f.field.type) {
      case 'boolean':
        out[f.key] = x === true
        break
      case 'enumList':
        out[f.key] = Array.isArray(x) ? x : []
        break
      case 'object':
        if (x && typeof x === 'object' && !Array.isArray(x)) out[f.key] = fromDraft(f.field.fields, x, `${at}.`, errors)
        break
      case 'labels': {
        const text = typeof x === 'string' ? x : ''
        if (text.trim() === '') break
        const p = parseLabels(text)
        if ('error' in p) errors[at] = p.error
        else out[f.key] = p.labels
        break
      }
      case 'number': {
        const text = typeof x === 'string' ? x.trim() : ''
        if (text === '') break
        const n = Number(text)
        if (Number.isFinite(n)) out[f.key] = n
        else errors[at] = `"${text}" is not a number`
        break
      }
      case 'json': {
        const text = typeof x === 'string' ? x.trim() : ''
        if (text === '') break
        try {
          out[f.key] = JSON.parse(text) as unknown
        } catch {
          errors[at] = 'is not valid JSON'
        }
        break
      }
      default: {
        const text = typeof x === 'string' ? x.trim() : ''
        if (text !== '') out[f.key] = text
      }
    }
  }
  return out
}

/**
 * The draft checked by RuleSchema itself: the parsed rule, or every error by field path
 * (`threshold`, `session.tz`, `webhook.url`…), one message per field.
 */
export function validateDraft(d: Draft): { rule: Rule | null; errors: Errors } {
  const kind = typeof d.kind === 'string' ? d.kind : RULE_KINDS[0].kind
  const errors: Errors = {}
  const input = { kind, ...fromDraft(kindSpec(kind).fields, d, '', errors) }
  const r = RuleSchema.safeParse(input)
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = issue.path.join('.')
      errors[key] ??= issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'is required' : issue.message
    }
  }
  return { rule: r.success && Object.keys(errors).length === 0 ? r.data : null, errors }
}
