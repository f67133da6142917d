// The metric registry (shared/metrics.ts) is complete: every series a real sampler tick, a recorded
// /proc snapshot and a recorded nvidia-smi put into the store is declared there. nvidia-smi is a
// recorded fake (no GPU on this machine; test/helpers/gpu.ts).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { Sampler } from '../../../electron/engine/sampler/index.ts'
import { createProcCollectors } from '../../../electron/engine/sampler/linux/collectors.ts'
import { derivedMetricsOf } from '../../../shared/alerts.ts'
import { QueryParamsSchema } from '../../../shared/contract.ts'
import { unitOfMetric, metricLabel, axisMaxOf } from '../../../shared/metrics.ts'
import { METRICS, resolveMetric } from '../../../shared/metrics.ts'
import { metricsOf, type Sample } from '../../../shared/sample.ts'
import { NO_GPU, fakeNvidiaSmi } from '../../helpers/gpu.ts'
import { tempDir } from '../../helpers/temp.ts'

const FIX = path.resolve(import.meta.dirname, '../../fixtures')

/** The names the engine stores for a sample (engine.ts onSample: metricsOf + derivedMetricsOf). */
const storedNames = (s: Sample): string[] => [...metricsOf(s), ...derivedMetricsOf(s)].map(([n]) => n)

function undeclared(names: readonly string[]): string[] {
  return names.filter((n) => resolveMetric(n) === null)
}

async function ticks(sampler: Sampler, until: (s: Sample) => boolean): Promise<Sample[]> {
  const samples: Sample[] = []
  sampler.on('sample', (s) => samples.push(s))
  sampler.start()
  try {
    await vi.waitFor(() => expect(samples.some(until)).toBe(true), { timeout: 20_000, interval: 20 })
  } finally {
    await sampler.stop()
  }
  return samples
}

describe('metric registry', () => {
  it('declares every series of a real sampler tick on this machine, with a process group', async () => {
    const sampler = new Sampler({ intervalMs: 250, processesEveryMs: 250, filesystemsEveryMs: 250, groups: [{ name: 'node tree "x"', pattern: 'node|vitest' }], gpu: { command: NO_GPU } })
    const samples = await ticks(sampler, (s) => s.processes !== undefined && s.filesystems !== undefined)
    const names = [...new Set(samples.flatMap(storedNames))]
    expect(names).toContain('cpu.total')
    expect(names).toContain('group.node tree "x".cpu')
    expect(names.filter((n) => n.startsWith('cpu.core.'))).toHaveLength(samples[0].cpu.cores.length)
    expect(undeclared(names)).toEqual([])
  })

  it('declares every series of a recorded /proc snapshot and a recorded two-GPU nvidia-smi', async () => {
    const dir = tempDir('gw-registry-')
    fs.cpSync(path.join(FIX, 'proc', 'ws-t1'), dir, { recursive: true })
    const collectors = createProcCollectors({ procRoot: dir, pageSize: 4096, statfs: () => ({ bsize: 4096, blocks: 100, bfree: 40, bavail: 40 }) })
    const sampler = new Sampler({
      collectors,
      intervalMs: 250,
      groups: [{ name: 'algo', pattern: 'python.*strategy' }],
      gpu: { command: fakeNvidiaSmi('two-gpus.csv') },
    })
    const samples = await ticks(sampler, (s) => s.gpus.length === 2 && s.processes !== undefined)
    const names = [...new Set(samples.flatMap(storedNames))]
    for (const n of ['gpu.1.util', 'gpu.1.temp', 'group.algo.rss', 'mem.used_pct', 'fs.used_pct_max']) expect(names).toContain(n)
    expect(undeclared(names)).toEqual([])
  })

  it('resolves a family member to its declaration and label value, and refuses anything else', () => {
    expect(resolveMetric('cpu.core.11')).toMatchObject({ def: { name: 'cpu.core.{core}' }, labels: { core: '11' } })
    expect(resolveMetric('cpu.iowait')).toMatchObject({ def: { name: 'cpu.{mode}' }, labels: { mode: 'iowait' } })
    expect(resolveMetric('group.a.b.cpu')).toMatchObject({ def: { name: 'group.{group}.cpu' }, labels: { group: 'a.b' } })
    for (const n of ['cpu.totl', 'cpu.idle', 'cpu.core.', 'gpu.x.temp', 'group..cpu', '', 'x'.repeat(201)]) expect(resolveMetric(n), n).toBeNull()
  })

  it('declares each API name once, valid Prometheus names, and _total for counters only', () => {
    const names = METRICS.map((m) => m.name)
    expect(new Set(names).size).toBe(names.length)
    const prom = METRICS.map((m) => m.prom.name)
    expect(new Set(prom).size).toBe(prom.length)
    for (const m of METRICS) {
      expect(m.prom.name, m.name).toMatch(/^gapwatch_[a-z0-9_]+$/)
      expect(m.prom.name.endsWith('_total'), m.name).toBe(m.kind === 'counter')
      expect(m.name.match(/\{/g)?.length ?? 0, m.name).toBeLessThanOrEqual(1)
      // a percentage is exported as a ratio (base units)
      if (m.unit === 'percent') expect([m.prom.scale, m.prom.name.endsWith('_ratio')], m.name).toEqual([0.01, true])
    }
  })

  it('is what /api/query validates against and what the dashboard labels and scales by', () => {
    const bad = QueryParamsSchema.safeParse({ metrics: ['cpu.total', 'cpu.bogus'], from: 0, to: 1 })
    expect(bad.success).toBe(false)
    expect(JSON.stringify(bad.error?.issues)).toContain('is not a metric Gapwatch records')
    expect(QueryParamsSchema.safeParse({ metrics: ['group.IB Gateway.rss', 'gpu.2.power'], from: 0, to: 1 }).success).toBe(true)
    expect([unitOfMetric('group.x_bps.cpu'), metricLabel('group.x_bps.cpu'), axisMaxOf('group.x_bps.cpu')]).toEqual(['percent', 'x_bps CPU', undefined])
    expect([unitOfMetric('cpu.steal'), metricLabel('cpu.iowait'), axisMaxOf('cpu.core.0')]).toEqual(['percent', 'CPU I/O wait', 100])
  })
})
