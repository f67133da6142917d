// metricsOf: a sample's series in a fixed order (host, cores, GPUs, process groups), a non-finite value
// left out wherever it is (a collector that failed part-way must not store NaN).
import { describe, expect, it } from 'vitest'
import { metricsOf, SampleSchema, type Sample } from '../../../shared/sample.ts'

function sample(over: { total?: number; cores?: number[]; util?: number | null; groupCpu?: number } = {}): Sample {
  return {
    t: 1_700_000_000_000,
    cpu: { total: over.total ?? 12.5, user: 10, system: 2.5, iowait: 0, steal: 0, cores: over.cores ?? [20, 5], load: [0.5, 0.4, 0.3] },
    memory: { totalBytes: 8e9, usedBytes: 2e9, availableBytes: 6e9, cachedBytes: 1e9, swapUsedBytes: 0, swapTotalBytes: 0 },
    disk: { readBps: 1, writeBps: 2, readOps: 3, writeOps: 4 },
    network: { rxBps: 5, txBps: 6, interfaces: [] },
    gpus: [{ index: 0, name: 'GPU', utilization: over.util === undefined ? 40 : over.util, memoryUtilization: null, memoryUsedBytes: 1e9, memoryTotalBytes: 8e9, temperatureC: null, powerW: 100, clockSmMHz: null }],
    processes: { topCpu: [], topMemory: [], groups: [{ name: 'trading', pattern: 'x', count: 1, cpu: over.groupCpu ?? 3, rssBytes: 7e6, pssBytes: 3e6 }], total: 1 },
    telemetry: { collectorsMs: {}, tickMs: 0 },
  }
}

describe('metricsOf', () => {
  it('lists the host series, each core, the GPU fields present and the groups, in that order', () => {
    const names = metricsOf(sample()).map(([n]) => n)
    expect(names.slice(0, 2)).toEqual(['cpu.total', 'cpu.user'])
    expect(names.slice(-8)).toEqual(['cpu.core.0', 'cpu.core.1', 'gpu.0.util', 'gpu.0.mem_used', 'gpu.0.power', 'group.trading.cpu', 'group.trading.rss', 'group.trading.pss'])
    expect(Object.fromEntries(metricsOf(sample()))).toMatchObject({ 'cpu.total': 12.5, 'cpu.core.0': 20, 'gpu.0.util': 40, 'group.trading.rss': 7e6, 'group.trading.pss': 3e6 })
  })

  it('leaves out a non-finite value of any kind, and only that one', () => {
    const all = metricsOf(sample()).map(([n]) => n)
    const nan = metricsOf(sample({ total: NaN, cores: [20, Infinity], util: null, groupCpu: NaN })).map(([n]) => n)
    expect(all.filter((n) => !nan.includes(n))).toEqual(['cpu.total', 'cpu.core.1', 'gpu.0.util', 'group.trading.cpu'])
    expect(nan).toHaveLength(all.length - 4)
  })

  it('reads a sample from an engine older than group PSS (through the hosts relay): no pss series, the rest kept', () => {
    const old = sample()
    delete old.processes!.groups[0].pssBytes
    const parsed = SampleSchema.safeParse(old)
    expect(parsed.success).toBe(true)
    const names = metricsOf(parsed.data!).map(([n]) => n)
    expect(names).toContain('group.trading.rss')
    expect(names).not.toContain('group.trading.pss')
  })
})
