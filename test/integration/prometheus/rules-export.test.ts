// `gapwatch rules export --format prometheus`: promtool accepts the file, it round-trips the rules'
// names, durations, labels and thresholds (in Prometheus units), rules without a PromQL form are listed
// as skipped with the reason, and `promtool test rules` shows an exported rule fires and holds as the
// engine's would (threshold, for, hysteresis).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import type { PromRulesExport } from '../../../electron/cli/rules-export.ts'
import { runToEnd, tempDir } from '../../helpers/serve.ts'

type Exported = PromRulesExport['file']

function promtool(args: string[], cwd?: string): { code: number | null; out: string } {
  const r = spawnSync('promtool', args, { encoding: 'utf8', cwd })
  if (r.error) throw new Error(`promtool is not runnable (${r.error.message}): install Debian's prometheus package (.ci/run does)`)
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

const RULES = {
  rules: [
    { name: 'cpu-high', metric: 'cpu.total', op: '>', threshold: 90, clear: 85, for: '5m', keep_firing_for: '1m', severity: 'warning', labels: { team: 'desk' }, message: 'CPU at {{value}} % (over {{threshold}} %) on {{labels.instance}} {{ nope }}' },
    { name: 'ib.gateway:rss', metric: 'group.IB "Gateway".rss', aggregate: 'max', window: '5m', op: '>=', threshold: 2e9, severity: 'critical' },
    { name: 'load-low', metric: 'load.1', aggregate: 'p95', window: '10m', op: '<', threshold: 0.5, enabled: false },
    { name: 'iowait-session', metric: 'cpu.iowait', op: '>', threshold: 20, session: { days: ['mon'], from: '08:00', to: '16:30', tz: 'Europe/London' } },
    { name: 'mem-jump', kind: 'anomaly', metric: 'mem.used_pct', method: 'mad' },
  ],
}

describe('gapwatch rules export --format prometheus', () => {
  it('writes a file promtool accepts, round-tripping names, durations, labels and thresholds; lists the skipped rules with reasons', async () => {
    const dir = tempDir('gw-rules-export-')
    fs.writeFileSync(path.join(dir, 'rules.yaml'), stringify(RULES))
    const out = path.join(dir, 'alerts.yml')
    const r = await runToEnd(['rules', 'export', '--format', 'prometheus', '--data-dir', dir, '--out', out])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/^skipped load-low: disabled$/m)
    expect(r.stderr).toMatch(/^skipped iowait-session: session window \(08:00–16:30 Europe\/London\)/m)
    expect(r.stderr).toMatch(/^skipped mem-jump: anomaly rule \(mad\)/m)
    expect(r.stderr).toMatch(/2 rule\(s\) written to .*alerts\.yml, 3 skipped\./)
    expect(promtool(['check', 'rules', out])).toMatchObject({ code: 0, out: expect.stringContaining('SUCCESS: 2 rules found') })

    const [cpu, ib] = (parse(fs.readFileSync(out, 'utf8')) as Exported).groups[0].rules
    expect(cpu).toMatchObject({ alert: 'cpu_high', for: '5m', keep_firing_for: '1m', labels: { team: 'desk', severity: 'warning', gapwatch_rule: 'cpu-high' } })
    expect(cpu.expr).toBe('gapwatch_cpu_busy_ratio > 0.9\nor\n(gapwatch_cpu_busy_ratio > 0.85 and on() ALERTS{alertname="cpu_high",alertstate="firing"})')
    expect(cpu.annotations.summary).toBe('CPU at {{ $value | humanizePercentage }} (over 90%) on {{ $labels.instance }} {{ "{{" }} nope }}')
    expect(ib).toMatchObject({ alert: 'ib_gateway:rss', labels: { severity: 'critical', gapwatch_rule: 'ib.gateway:rss' } })
    expect(ib.expr).toBe('max_over_time(gapwatch_group_resident_memory_bytes{group="IB \\"Gateway\\""}[5m]) >= 2000000000')
    expect(ib.for).toBeUndefined()
  })

  it('exports the default rules of a new data directory to stdout, and promtool test rules fires and clears them like the engine', async () => {
    const dir = tempDir('gw-rules-export-')
    const r = await runToEnd(['rules', 'export', '--format', 'prometheus', '--data-dir', dir])
    expect(r.code, r.stderr).toBe(0)
    fs.writeFileSync(path.join(dir, 'alerts.yml'), r.stdout)
    expect(promtool(['check', 'rules', path.join(dir, 'alerts.yml')]).code).toBe(0)
    // cpu-high: > 90 % for 5m, clear at 85 %. 95 % from minute 0: pending, firing at 5m; at 88 %
    // (between clear and threshold) it holds; at 80 % it resolves.
    const test = {
      rule_files: ['alerts.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [{ series: 'gapwatch_cpu_busy_ratio{instance="ws1"}', values: '0.95x6 0.88x3 0.8x3' }],
          alert_rule_test: [
            { eval_time: '4m', alertname: 'cpu_high', exp_alerts: [] },
            { eval_time: '6m', alertname: 'cpu_high', exp_alerts: [{ exp_labels: { instance: 'ws1', severity: 'warning', group: 'cpu', gapwatch_rule: 'cpu-high' }, exp_annotations: { summary: 'CPU at 95% for 5m', metric: 'cpu.total' } }] },
            { eval_time: '8m', alertname: 'cpu_high', exp_alerts: [{ exp_labels: { instance: 'ws1', severity: 'warning', group: 'cpu', gapwatch_rule: 'cpu-high' }, exp_annotations: { summary: 'CPU at 88% for 5m', metric: 'cpu.total' } }] },
            { eval_time: '11m', alertname: 'cpu_high', exp_alerts: [] },
          ],
        },
      ],
    }
    fs.writeFileSync(path.join(dir, 'test.yml'), stringify(test))
    const t = promtool(['test', 'rules', 'test.yml'], dir)
    expect(t.out).toContain('SUCCESS')
    expect(t.code).toBe(0)
  })

  it('refuses a missing or unknown --format and a broken rules file, naming them', async () => {
    const dir = tempDir('gw-rules-export-')
    expect(await runToEnd(['rules', 'export', '--data-dir', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('--format: required (prometheus)') })
    expect(await runToEnd(['rules', 'export', '--format', 'nagios', '--data-dir', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('"nagios" is not supported') })
    fs.writeFileSync(path.join(dir, 'rules.yaml'), 'rules:\n  - name: x\n    metric: cpu.totl\n    threshold: 1\n')
    const r = await runToEnd(['rules', 'export', '--format', 'prometheus', '--data-dir', dir])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/rules\.yaml:3:\d+: .*metric/)
    expect(r.stdout).toBe('')
  })
})
