// resources/grafana/gapwatch.json: every PromQL expression in it parses (promtool, with Grafana's
// variables filled in) and names only metrics that a real `gapwatch serve` exports on /metrics (with a
// recorded fake nvidia-smi, as this machine has no GPU), besides Prometheus' own `up` and `ALERTS`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { fakeNvidiaSmi } from '../../helpers/gpu.ts'
import { startServe, tempDir } from '../../helpers/serve.ts'

const DASHBOARD = path.resolve(import.meta.dirname, '../../../resources/grafana/gapwatch.json')
const PROMETHEUS_OWN = new Set(['up', 'ALERTS'])

interface Target {
  expr?: string
}
interface Panel {
  title: string
  type: string
  targets?: Target[]
  panels?: Panel[]
}
interface Dashboard {
  panels: Panel[]
  templating: { list: Array<{ name: string; type: string; query?: string | { query: string } }> }
  annotations: { list: Array<{ expr?: string }> }
}

const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as Dashboard
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])])

function expressions(): string[] {
  const out = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''))
  for (const a of dashboard.annotations.list) if (a.expr) out.push(a.expr)
  for (const v of dashboard.templating.list) {
    if (v.type !== 'query' || v.query === undefined) continue
    const q = typeof v.query === 'string' ? v.query : v.query.query
    const m = /^label_values\((\w+),\s*\w+\)$/.exec(q)
    if (!m) throw new Error(`variable ${v.name}: ${q} is not label_values(metric, label)`)
    out.push(m[1])
  }
  return out
}

/** Metric names in an expression: identifiers not followed by `(` (functions), not label names or keywords. */
function metricNames(expr: string): string[] {
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, '{}').replace(/\[[^\]]*\]/g, '[]')
  const noGrouping = noStrings.replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, '')
  return [...noGrouping.matchAll(/\b([A-Za-z_:][\w:]*)\b(?!\s*\()/g)].map((m) => m[1]).filter((n) => !/^(?:and|or|unless|offset|bool)$/.test(n))
}

describe('the Grafana dashboard', () => {
  it('has the host variable and panels for CPU, memory, GPU, disk, network, pool throughput and alerts firing', () => {
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'host'])
    const titles = panels.map((p) => p.title)
    for (const t of ['CPU busy', 'Memory used', 'GPU utilization', 'Disk throughput', 'Network throughput', 'Pool throughput', 'Alerts firing']) expect(titles).toContain(t)
    for (const p of panels.filter((x) => x.type !== 'row')) for (const t of p.targets ?? []) expect(t.expr, p.title).toMatch(/instance=~"\$host"/)
  })

  it('every expression parses as PromQL (promtool), with the variables filled in', () => {
    const dir = tempDir('gw-grafana-')
    const rules = expressions().map((e, i) => ({ record: `dashboard:expr_${i}`, expr: e.replaceAll('$__rate_interval', '1m').replaceAll('$host', '.*') }))
    fs.writeFileSync(path.join(dir, 'exprs.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }))
    const r = spawnSync('promtool', ['check', 'rules', path.join(dir, 'exprs.yml')], { encoding: 'utf8' })
    if (r.error) throw new Error(`promtool is not runnable (${r.error.message}): install Debian's prometheus package (.ci/run does)`)
    expect(`${r.stdout}${r.stderr}`).toContain(`SUCCESS: ${rules.length} rules found`)
  })

  it('names only metrics a real gapwatch serve exports on /metrics', async () => {
    const names = [...new Set(expressions().flatMap(metricNames))].filter((n) => !PROMETHEUS_OWN.has(n))
    expect(names.length).toBeGreaterThan(20)
    const served = await startServe(['--interval', '1s'], undefined, { GAPWATCH_NVIDIA_SMI: fakeNvidiaSmi() })
    try {
      // the GPU stream and the process groups arrive after the first ticks
      await expect
        .poll(
          async () => {
            const text = await (await fetch(`${served.url}/metrics`)).text()
            const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]))
            return names.filter((n) => !exported.has(n))
          },
          { timeout: 30_000, interval: 500 },
        )
        .toEqual([])
    } finally {
      await served.stop()
    }
  }, 60_000)
})
