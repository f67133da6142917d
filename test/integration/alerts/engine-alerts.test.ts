// The alerts inside the Engine: rules.yaml written on the first run, a broken file set aside with
// the last good rules in use, the contract's alert commands, and derived metrics evaluated per sample.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultRules } from '../../../electron/engine/alerts/defaults.ts'
import type { AlertEvent, Rule } from '../../../shared/alerts.ts'
import type { Sample } from '../../../shared/sample.ts'
import { enginesPerTest } from '../../helpers/engines.ts'
import { tempDir } from '../../helpers/temp.ts'

const engineIn = enginesPerTest()
const tmp = () => tempDir('gw-engine-alerts-')

function sample(t: number, memUsedPct: number): Sample {
  const total = 16e9
  return {
    t,
    cpu: { total: 5, user: 3, system: 2, iowait: 0, steal: 0, cores: [5, 5], load: [0.1, 0.1, 0.1] },
    memory: { totalBytes: total, usedBytes: (total * memUsedPct) / 100, availableBytes: total * (1 - memUsedPct / 100), cachedBytes: 0, swapUsedBytes: 0, swapTotalBytes: 0 },
    disk: { readBps: 0, writeBps: 0, readOps: 0, writeOps: 0 },
    network: { rxBps: 0, txBps: 0, interfaces: [] },
    gpus: [],
    telemetry: { collectorsMs: {}, tickMs: 1 },
  }
}

describe('alerts in the engine', () => {
  it('writes the default rules to rules.yaml on the first run and lists them', async () => {
    const dir = tmp()
    const e = engineIn(dir)
    expect(fs.readFileSync(path.join(dir, 'rules.yaml'), 'utf8')).toMatch(/name: cpu-high/)
    expect(((await e.call('rulesList', {})) as Rule[]).map((r) => r.name)).toEqual(defaultRules.map((r) => r.name))
  })

  it('a hand-broken rules.yaml: kept as .bak, the last good rules in use, and a warning naming line and column', async () => {
    const dir = tmp()
    const a = engineIn(dir)
    await a.call('rulesSave', { rule: { name: 'mine', metric: 'load.1', threshold: 4 } })
    await a.stop()
    const file = path.join(dir, 'rules.yaml')
    const broken = fs.readFileSync(file, 'utf8').replace('threshold: 4', 'threshold: four')
    fs.writeFileSync(file, broken)
    const b = engineIn(dir)
    expect(b.startupWarnings.join('\n')).toMatch(/rules\.yaml:\d+:\d+: rule mine, field threshold: .*kept as .*rules\.yaml\.bak|kept as .*rules\.yaml\.bak.*rules\.yaml:\d+:\d+: rule mine, field threshold/)
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe(broken)
    const rules = (await b.call('rulesList', {})) as Rule[]
    expect(rules.find((r) => r.name === 'mine')).toMatchObject({ threshold: 4 })
    expect(fs.readFileSync(file, 'utf8')).toMatch(/threshold: 4\n/)
  })

  it('evaluates after each sample: mem.used_pct is derived, stored, and fires memory-high; commands see it', async () => {
    const dir = tmp()
    const e = engineIn(dir)
    const events: AlertEvent[] = []
    e.on('alert', (a) => events.push(a))
    await e.call('rulesSave', { rule: { name: 'memory-high', metric: 'mem.used_pct', threshold: 90, for: '2s', severity: 'critical', labels: { group: 'memory' } } })
    const t0 = Date.now() - 10_000
    const feed = (e as unknown as { onSample(s: Sample): void }).onSample.bind(e)
    for (let i = 0; i < 4; i++) feed(sample(t0 + i * 1000, 95))
    expect(events.map((x) => `${x.rule}:${x.state}`)).toEqual(['memory-high:pending', 'memory-high:firing'])
    const active = (await e.call('alertsActive', {})) as Array<{ rule: string; state: string }>
    expect(active).toMatchObject([{ rule: 'memory-high', state: 'firing' }])
    expect(await e.call('alertsAcknowledge', { name: 'memory-high' })).toEqual({ acknowledged: true })
    const log = (await e.call('alertsLog', { rule: 'memory-high' })) as Array<{ state: string }>
    expect(log.map((l) => l.state)).toEqual(['firing'])
    const q = (await e.call('query', { metrics: ['mem.used_pct'], from: t0, to: t0 + 4000, points: 4 })) as { series: Array<{ buckets: number[][] }> }
    expect(q.series[0].buckets).toHaveLength(4)
    const bt = (await e.call('rulesBacktest', { rule: { name: 'bt', metric: 'mem.used_pct', threshold: 90, for: '1s' }, from: t0, to: t0 + 4000 })) as {
      firings: unknown[]
    }
    expect(bt.firings).toEqual([{ rule: 'bt', severity: 'warning', start: new Date(t0 + 1000).toISOString(), end: null, peak: 95 }])
    const s = (await e.call('alertsSilence', { rule: 'memory-high', until: Date.now() + 60_000 })) as { id: number }
    expect(await e.call('alertsSilences', {})).toMatchObject([{ id: s.id, rule: 'memory-high' }])
    expect(await e.call('alertsUnsilence', { id: s.id })).toEqual({ removed: true })
    expect(await e.call('alertsDeliveries', {})).toEqual([]) // no rule here has a webhook
    expect(await e.call('rulesDelete', { name: 'memory-high' })).toEqual({ deleted: true })
    expect(events.at(-1)).toMatchObject({ rule: 'memory-high', state: 'resolved' })
  })

  it('lists disabled rules too (only enabled ones are evaluated), and a save keeps the rule in its place', async () => {
    const e = engineIn(tmp())
    await e.call('rulesSave', { rule: { name: 'cpu-high', metric: 'cpu.total', threshold: 99, enabled: false } })
    const rules = (await e.call('rulesList', {})) as Rule[]
    expect(rules.map((r) => r.name)).toEqual(defaultRules.map((r) => r.name))
    expect(rules[0]).toMatchObject({ name: 'cpu-high', enabled: false, threshold: 99 })
    expect(e.alerts.engine.rules.map((r) => r.name)).not.toContain('cpu-high')
  })

  it('refuses a rule on a metric Gapwatch does not record, naming the field', async () => {
    const e = engineIn(tmp())
    await expect(e.call('rulesSave', { rule: { name: 'x', metric: 'cpu.totl', threshold: 1 } })).rejects.toThrow(/rule\.metric: is not a metric/)
  })
})

describe('alert windows after a restart', () => {
  it('are warmed from stored history, so a windowed rule judges at the first live sample', async () => {
    const dir = tmp()
    const a = engineIn(dir)
    await a.call('rulesSave', { rule: { name: 'avg-hot', metric: 'cpu.total', aggregate: 'avg', window: '1m', threshold: 90 } })
    const now = Date.now()
    for (let i = 120; i > 0; i--) a.metrics.append(now - i * 1000, [['cpu.total', 95]])
    await a.stop()
    const b = engineIn(dir)
    const events: AlertEvent[] = []
    b.on('alert', (x) => events.push(x))
    const feed = (b as unknown as { onSample(s: Sample): void }).onSample.bind(b)
    const s = sample(now, 50)
    s.cpu.total = 95
    feed(s)
    expect(events.filter((x) => x.rule === 'avg-hot').map((x) => x.state)).toEqual(['firing'])
  })
})
