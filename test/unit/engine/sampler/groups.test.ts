import { describe, expect, it } from 'vitest'
import { addToGroups, compileGroups, emptyGroups, matchGroups, topN } from '../../../../electron/engine/sampler/groups.ts'

describe('compileGroups', () => {
  it('compiles valid patterns and reports invalid or empty ones by name and pattern', () => {
    const { groups, errors } = compileGroups([
      { name: 'algo', pattern: 'python.*strategy' },
      { name: 'broken', pattern: '(unclosed' },
      { name: 'empty', pattern: '' },
      { name: 'ib', pattern: 'ib-?gateway' },
    ])
    expect(groups.map((g) => g.name)).toEqual(['algo', 'ib'])
    expect(errors.map((e) => [e.name, e.pattern])).toEqual([
      ['broken', '(unclosed'],
      ['empty', ''],
    ])
    expect(errors[0].message).toMatch(/missing closing \)/i)
  })

  it('matches a catastrophic-backtracking pattern in linear time (RE2), not forever', () => {
    // With RegExp, ^(.+)+!$ against 50,000 characters without a "!" never returns (exponential).
    const { groups, errors } = compileGroups([{ name: 'evil', pattern: '^(.+)+!$' }, { name: 'bang', pattern: '(a|aa)+!$' }])
    expect(errors).toEqual([])
    const long = 'a'.repeat(50_000)
    expect(matchGroups(groups, 'a', long)).toEqual([])
    // Only the first MAX_MATCHED_COMMAND_CHARS (1 KiB) of a command line are matched.
    expect(matchGroups(groups, 'a', `${long}!`)).toEqual([])
    expect(matchGroups(groups, 'a', `${'a'.repeat(1000)}!`)).toEqual([0, 1])
  })

  it('rejects what RE2 cannot run in linear time, naming group and pattern', () => {
    const { groups, errors } = compileGroups([
      { name: 'backref', pattern: '(a)\\1' },
      { name: 'ahead', pattern: 'java(?=x)' },
      { name: 'behind', pattern: '(?<!x)java' },
      { name: 'huge', pattern: '(?:.{99}|x.{99}|y.{99}|z.{99}|w.{99})' },
      { name: 'ok', pattern: 'java' },
    ])
    expect(groups.map((g) => g.name)).toEqual(['ok'])
    expect(errors.map((e) => e.name)).toEqual(['backref', 'ahead', 'behind', 'huge'])
    expect(errors[0].message).toMatch(/invalid escape sequence: `\\1`/)
    expect(errors[1].message).toMatch(/\(\?=/)
    expect(errors[3].message).toMatch(/too complex \(\d+ RE2 instructions, the limit is 400\)/)
  })

  it('keeps JavaScript spellings that RE2 spells otherwise (named groups, \\u escapes)', () => {
    const { groups, errors } = compileGroups([
      { name: 'named', pattern: '(?<bin>python)3' },
      { name: 'unicode', pattern: '\\u0070ython' },
    ])
    expect(errors).toEqual([])
    expect(matchGroups(groups, 'PYTHON3', '')).toEqual([0, 1])
  })
})

describe('matchGroups', () => {
  const { groups } = compileGroups([
    { name: 'strategies', pattern: 'python.*strategy' },
    { name: 'mt', pattern: 'MetaTrader' },
    { name: 'ib', pattern: 'ib-gateway' },
    { name: 'java', pattern: '^java$' },
  ])

  it('matches case-insensitively against the name or the command line', () => {
    expect(matchGroups(groups, 'python3', 'python3 /opt/algo/Momentum_STRATEGY.py')).toEqual([0])
    expect(matchGroups(groups, 'terminal64.exe', 'C:\\Program Files\\metatrader 5\\terminal64.exe')).toEqual([1])
    expect(matchGroups(groups, 'java', '/opt/ib-gateway/jbr/bin/java')).toEqual([2, 3])
    expect(matchGroups(groups, 'bash', '/bin/bash')).toEqual([])
  })

  it('sums count, cpu, rss and pss per group', () => {
    const totals = emptyGroups(groups)
    addToGroups(totals, [2, 3], 50, 1000, 400)
    addToGroups(totals, [3], 10, 24, 24)
    expect(totals[2]).toEqual({ name: 'ib', pattern: 'ib-gateway', count: 1, cpu: 50, rssBytes: 1000, pssBytes: 400 })
    expect(totals[3]).toEqual({ name: 'java', pattern: '^java$', count: 2, cpu: 60, rssBytes: 1024, pssBytes: 424 })
  })
})

describe('topN', () => {
  const rows = [
    { pid: 5, v: 1 },
    { pid: 3, v: 9 },
    { pid: 8, v: 4 },
    { pid: 1, v: 4 },
    { pid: 2, v: 7 },
  ]

  it('returns the best n, best first, ties to the lower pid', () => {
    expect(topN(rows, 3, (r) => r.v).map((r) => r.pid)).toEqual([3, 2, 1])
    expect(topN(rows, 10, (r) => r.v).map((r) => r.pid)).toEqual([3, 2, 1, 8, 5])
    expect(topN(rows, 0, (r) => r.v)).toEqual([])
    expect(topN([], 3, (r: { pid: number }) => r.pid)).toEqual([])
  })

  it('agrees with a full sort on random data', () => {
    let seed = 42
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let round = 0; round < 50; round++) {
      const items = Array.from({ length: 1 + Math.floor(rand() * 300) }, (_, i) => ({ pid: i + 1, v: Math.floor(rand() * 50) }))
      const n = 1 + Math.floor(rand() * 20)
      const expected = [...items].sort((a, b) => b.v - a.v || a.pid - b.pid).slice(0, n)
      expect(topN(items, n, (r) => r.v)).toEqual(expected)
    }
  })
})
