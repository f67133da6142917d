// A process group's name becomes part of metric names and Prometheus labels: one line, no control
// characters (the attacker's review found a name with a line break accepted and its series missing).
import { describe, expect, it } from 'vitest'
import { ProcessGroupPatternSchema, SettingsSchema } from '../../../shared/settings.ts'
import { resolveMetric } from '../../../shared/metrics.ts'

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

  it('a settings file with such a group is refused at that field', () => {
    const r = SettingsSchema.safeParse({ processGroups: [{ name: 'a\nb', pattern: 'x' }] })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0].path).toEqual(['processGroups', 0, 'name'])
  })
})
