// The rule editor's form is read from RuleSchema (renderer/src/views/alerts/schema-fields.ts): every
// kind of rule gets its fields, a rule survives the round trip through the form, and each error
// lands on the path of its field.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RULE_KINDS, emptyDraft, fromRule, kindSpec, parseLabels, validateDraft, type Draft } from '../../../renderer/src/views/alerts/schema-fields.ts'
import { parseRules } from '../../../electron/engine/alerts/index.ts'
import { RuleSchema, SEVERITIES } from '../../../shared/alerts.ts'

const example = path.resolve(import.meta.dirname, '../../../resources/rules.example.yaml')

describe('rule form from the schema', () => {
  it('offers every kind RuleSchema accepts, with its fields and their choices', () => {
    expect(RULE_KINDS.map((k) => k.kind)).toEqual(expect.arrayContaining(['threshold', 'anomaly', 'fvg']))
    const threshold = kindSpec('threshold').fields
    expect(threshold.find((f) => f.key === 'severity')).toMatchObject({ field: { type: 'enum', values: [...SEVERITIES] }, optional: true, defaultValue: 'warning' })
    expect(threshold.find((f) => f.key === 'threshold')).toMatchObject({ field: { type: 'number' }, optional: false })
    expect(threshold.find((f) => f.key === 'for')).toMatchObject({ field: { type: 'duration' }, defaultValue: '0s' })
    expect(threshold.find((f) => f.key === 'metric')?.field.type).toBe('metric')
    const session = threshold.find((f) => f.key === 'session')
    expect(session?.optional).toBe(true)
    expect(session?.field.type === 'object' && session.field.fields.map((f) => f.key)).toEqual(['days', 'from', 'to', 'tz'])
    expect(kindSpec('anomaly').fields.find((f) => f.key === 'method')?.field).toEqual({ type: 'enum', values: ['ewma', 'mad', 'relative'] })
  })

  it('round-trips every rule of the example file through the form unchanged', () => {
    const parsed = parseRules(fs.readFileSync(example, 'utf8'))
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    const { rules } = parsed
    expect(rules.length).toBeGreaterThan(2)
    for (const rule of rules) {
      const { rule: back, errors } = validateDraft(fromRule(rule))
      expect(errors, rule.name).toEqual({})
      expect(back, rule.name).toEqual(rule)
    }
  })

  it('puts each error on its field path, from the schema and from the text itself', () => {
    const d: Draft = {
      ...emptyDraft('threshold'),
      name: 'bad name',
      metric: 'cpu.nope',
      threshold: '9O',
      for: '5 min',
      labels: 'group',
      session: { days: [], from: '25:00', to: '16:30', tz: 'Mars/Olympus' },
    }
    const { rule, errors } = validateDraft(d)
    expect(rule).toBeNull()
    expect(Object.keys(errors).sort()).toEqual(['for', 'labels', 'metric', 'name', 'session.days', 'session.from', 'session.tz', 'threshold'].sort())
    expect(errors.threshold).toBe('"9O" is not a number')
    expect(errors.labels).toBe('"group" is not name=value')
    expect(errors['session.tz']).toMatch(/IANA time zone/)
  })

  it('says a required field is required, and leaves defaults to the schema', () => {
    const { errors } = validateDraft({ ...emptyDraft('threshold'), name: 'x', metric: 'cpu.total' })
    expect(errors).toEqual({ threshold: 'is required' })
    const ok = validateDraft({ ...emptyDraft('threshold'), name: 'x', metric: 'cpu.total', threshold: '90', labels: 'group=cpu, desk = fx' })
    expect(ok.rule).toEqual(RuleSchema.parse({ name: 'x', metric: 'cpu.total', threshold: 90, labels: { group: 'cpu', desk: 'fx' } }))
  })

  it('checks a cross-field rule (clear on the wrong side of the threshold) on the clear field', () => {
    const { errors } = validateDraft({ ...emptyDraft('threshold'), name: 'x', metric: 'cpu.total', threshold: '80', clear: '95' })
    expect(errors.clear).toMatch(/at or below the threshold 80/)
  })

  it('parses labels text', () => {
    expect(parseLabels(' a=1 ,b = two,, ')).toEqual({ labels: { a: '1', b: 'two' } })
    expect(parseLabels('=x')).toEqual({ error: '"=x" is not name=value' })
  })
})
