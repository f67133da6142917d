// A process group's name becomes part of metric names and Prometheus labels: one line, no control
// characters (the attacker's review found a name with a line break accepted and its series missing).
import { describe, expect, it } from 'vitest'
import { ProcessGroupPatternSchema, SettingsSchema } from '../../../shared/settings.ts'
import { METRIC_LIST_SEPARATOR, metricName, resolveMetric } from '../../../shared/metrics.ts'

describe('process group names', () => {
  it.each(['a\nb', 'a\rb', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u0085b'])('refuses %j with a message naming the problem', (name) => {
    const r = ProcessGroupPatternSchema.safeParse({ name, pattern: 'x' })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0].path).toEqual(['name'])
    expect(r.error?.issues[0].message).toMatch(/control characters/)
  })

  it('accepts names with spaces, dots and non-Latin letters, and every accepted name makes a metric name the store keeps', () => {
    for (const name of ['trading stack', 'ib.gateway', 'Торговля', '交易 2']) {
      const g = ProcessGroupPatternSchema.parse({ name, pattern: 'x' })
      expect(resolveMetric(`group.${g.name}.cpu`)?.labels).toEqual({ group: g.name })
    }
  })

  // Attack review 2, finding 13: "py,thon" was accepted and recorded, but /api/query?metrics= and
  // `history export --metrics` split it into "group.py" and "thon.cpu", names the user never typed.
  it('refuses a comma, saying it separates lists of metrics', () => {
    const r = ProcessGroupPatternSchema.safeParse({ name: 'py,thon', pattern: 'python' })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0].path).toEqual(['name'])
    expect(r.error?.issues[0].message).toMatch(/no ",": a group's name is part of its metric names .*separated by ","/)
  })

  it('every metric name a group can make survives a list of metrics split on its separator', () => {
    const name = ProcessGroupPatternSchema.parse({ name: 'ib.gateway (paper) #2', pattern: 'x' }).name
    const list = [metricName('group.{group}.cpu', { group: name }), 'cpu.total'].join(METRIC_LIST_SEPARATOR)
    expect(list.split(METRIC_LIST_SEPARATOR)).toEqual([`group.${name}.cpu`, 'cpu.total'])
    expect(resolveMetric('group.py,thon.cpu')).toBeNull()
  })

  it('a settings file with such a group is refused at that field', () => {
    const r = SettingsSchema.safeParse({ processGroups: [{ name: 'a\nb', pattern: 'x' }] })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0].path).toEqual(['processGroups', 0, 'name'])
  })
})
