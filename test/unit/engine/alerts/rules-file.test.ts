// rules.yaml: the issue's example parses with its defaults; every error names rule, field, line, column.
import { describe, expect, it } from 'vitest'
import { parseRules, rulesToYaml, formatRuleError } from '../../../../electron/engine/alerts/rules-file.ts'
import { defaultRules } from '../../../../electron/engine/alerts/defaults.ts'
import { isKnownMetric } from '../../../../shared/alerts.ts'
import { parsePromDuration, formatPromDuration } from '../../../../shared/durations.ts'

const issueExample = `rules:
  - name: cpu-high
    metric: cpu.total
    aggregate: last          # last | avg | max | min | p95 (over \`window\`)
    window: 1m               # ignored for last
    op: '>'                  # > >= < <=
    threshold: 90
    clear: 85                # optional: once firing, stays until the value crosses this
    for: 5m                  # default 0s
    keep_firing_for: 0s
    severity: warning        # info | warning | critical
    labels: { group: cpu }
    message: 'CPU at {{value}} % for {{for}}'
`

describe('rules file', () => {
  it('parses the issue example, and omitted fields take their defaults', () => {
    const r = parseRules(issueExample)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.rules[0]).toMatchObject({ kind: 'threshold', name: 'cpu-high', metric: 'cpu.total', clear: 85, for: '5m', labels: { group: 'cpu' } })
    const min = parseRules('rules:\n  - name: x\n    metric: load.1\n    threshold: 4\n')
    expect(min.ok && min.rules[0]).toMatchObject({ aggregate: 'last', window: '1m', op: '>', for: '0s', keep_firing_for: '0s', severity: 'warning', labels: {} })
  })

  it('names every error with rule, field, line and column', () => {
    const text = `rules:
  - name: a
    metric: cpu.totl
    threshold: 90
  - name: b
    metric: cpu.total
    threshold: high
    for: 5 minutes
  - name: c
    metric: cpu.total
    op: '>'
    threshold: 90
    clear: 95
  - metric: cpu.total
    threshold: 1
    colour: red
`
    const r = parseRules(text)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const got = r.errors.map((e) => `${e.rule}|${e.field}|${e.line}:${e.column}`)
    expect(got).toEqual(expect.arrayContaining(['a|metric|3:13', 'b|threshold|7:16', 'b|for|8:10', 'c|clear|13:12']))
    expect(r.errors.some((e) => e.rule === '#4' && e.field === 'name' && e.line === 14)).toBe(true)
    expect(r.errors.some((e) => e.rule === '#4' && /unknown field.*colour/.test(e.message))).toBe(true)
    expect(formatRuleError('rules.yaml', r.errors.find((e) => e.rule === 'a')!)).toMatch(/^rules\.yaml:3:13: rule a, field metric: is not a metric/)
  })

  it('reports YAML syntax errors and duplicate names with their line', () => {
    const bad = parseRules('rules:\n  - name: a\n    threshold: [1, 2\n')
    expect(!bad.ok && bad.errors[0].line).toBeGreaterThanOrEqual(3)
    const dup = parseRules('rules:\n  - {name: a, metric: cpu.total, threshold: 1}\n  - {name: a, metric: cpu.total, threshold: 2}\n')
    expect(!dup.ok && dup.errors.map((e) => [e.rule, e.field, e.line])).toEqual([['a', 'name', 3]])
  })

  it('the default rules round-trip through YAML', () => {
    const r = parseRules(rulesToYaml(defaultRules))
    expect(r.ok && r.rules).toEqual(defaultRules)
  })

  it('knows the store’s metric names, by pattern from metricsOf', () => {
    for (const n of ['cpu.total', 'cpu.core.11', 'gpu.3.temp', 'group.trading stack.cpu', 'mem.used_pct', 'fs.used_pct_max', 'swap.used', 'engine.cpu']) expect(isKnownMetric(n), n).toBe(true)
    for (const n of ['cpu.totl', 'gpu.x.temp', 'cpu.core.', '']) expect(isKnownMetric(n), n).toBe(false)
  })

  it('parses and prints Prometheus durations', () => {
    expect(parsePromDuration('1h30m')).toBe(5_400_000)
    expect(parsePromDuration('250ms')).toBe(250)
    expect(parsePromDuration('5 minutes')).toBeNull()
    expect(parsePromDuration('')).toBeNull()
    expect(formatPromDuration(5_400_000)).toBe('1h30m')
    expect(formatPromDuration(0)).toBe('0s')
  })

  it('says a file nested 20,000 deep is nested too deeply, not the engine\'s stack message', () => {
    const r = parseRules(`rules:\n  - ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => e.message)).toContain('nested too deeply: a rules file is a list of rules, each a few levels deep')
    expect(r.errors.map((e) => e.message).join()).not.toMatch(/call stack/)
  })
})
