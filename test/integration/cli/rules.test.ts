// `gapwatch rules` as a user runs it: list, check (every error with rule, field, line), backtest JSON.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../../helpers/serve.ts'
import { defaultRules } from '../../../electron/engine/alerts/defaults.ts'
import { tempDir } from '../../helpers/temp.ts'

const dirs: string[] = []
const tmp = () => {
  const d = tempDir('gw-cli-rules-')
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

describe('gapwatch rules', () => {
  it('list: the defaults of a new data directory, as a table and as JSON', async () => {
    const dir = tmp()
    const table = await runToEnd(['rules', 'list', '--data-dir', dir])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^RULE\s+METRIC\s+CONDITION\s+FOR\s+SEVERITY\n/)
    expect(table.stdout).toMatch(/cpu-high\s+cpu\.total\s+> 90 \(clear 85\)\s+5m\s+warning/)
    const json = await runToEnd(['rules', 'list', '--data-dir', dir, '--json'])
    expect(JSON.parse(json.stdout)).toEqual(defaultRules)
  })

  it('check: exit 1 with every error as FILE:LINE:COL: rule, field: message; exit 0 on a good file', async () => {
    const dir = tmp()
    const bad = path.join(dir, 'bad.yaml')
    fs.writeFileSync(bad, 'rules:\n  - name: a\n    metric: cpu.totl\n    threshold: 90\n  - name: b\n    metric: cpu.total\n    threshold: 1\n    for: soon\n')
    const r = await runToEnd(['rules', 'check', bad])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${bad}:3:13: rule a, field metric: is not a metric`)
    expect(r.stderr).toContain(`${bad}:8:10: rule b, field for: is not a duration`)
    expect(r.stderr).toContain('2 error(s)')
    const good = path.join(dir, 'good.yaml')
    fs.writeFileSync(good, 'rules:\n  - name: a\n    metric: cpu.total\n    threshold: 90\n')
    const ok = await runToEnd(['rules', 'check', good])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/1 rule\(s\), no errors/)
  })

  it('backtest --json: {rule, severity, start, end, peak} over imported history', async () => {
    const dir = tmp()
    // Recent history (the backtest reads the finest tier whose retention reaches back to --from).
    const t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 5 * 3_600_000
    const iso = (m: number) => new Date(t0 + m * 60_000).toISOString()
    const rows = ['time,cpu.total']
    // One value a minute for 2 h; 95 from minute 30 to 39, and from minute 110 to the end.
    for (let m = 0; m < 120; m++) rows.push(`${new Date(t0 + m * 60_000).toISOString()},${(m >= 30 && m < 40) || m >= 110 ? 95 : 20}`)
    fs.writeFileSync(path.join(dir, 'h.csv'), rows.join('\n'))
    expect((await runToEnd(['history', 'import', path.join(dir, 'h.csv'), '--data-dir', dir])).code).toBe(0)
    const rules = path.join(dir, 'r.yaml')
    fs.writeFileSync(rules, 'rules:\n  - name: hot\n    metric: cpu.total\n    threshold: 90\n    for: 5m\n    severity: critical\n')
    const r = await runToEnd(['rules', 'backtest', rules, '--data-dir', dir, '--from', new Date(t0).toISOString(), '--to', String(t0 + 120 * 60_000), '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual([
      { rule: 'hot', severity: 'critical', start: iso(35), end: iso(40), peak: 95 },
      { rule: 'hot', severity: 'critical', start: iso(115), end: null, peak: 95 },
    ])
    const text = await runToEnd(['rules', 'backtest', rules, '--data-dir', dir, '--from', new Date(t0).toISOString(), '--to', String(t0 + 120 * 60_000)])
    expect(text.stdout).toMatch(/hot \(critical, cpu\.total, 120 points at raw\): would have fired 2 time\(s\)/)
  })

  it('refuses a bad time and an unknown subcommand with exit 2', async () => {
    const r = await runToEnd(['rules', 'backtest', 'x.yaml', '--from', 'yesterday'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--from: "yesterday" is not a time/)
    expect((await runToEnd(['rules', 'frobnicate'])).code).toBe(2)
  })
})
