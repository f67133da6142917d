// The real Sampler on this machine: real /proc and statfs; nvidia-smi is injected, never the one in
// PATH: a missing binary (no GPU) or the recorded fake GPU (test/helpers/gpu.ts).
import os from 'node:os'
import { describe, expect, it, vi } from 'vitest'
import { Sampler, collectInventory } from '../../../electron/engine/sampler/index.ts'
import type { Capabilities } from '../../../electron/engine/sampler/index.ts'
import { InventorySchema } from '../../../shared/inventory.ts'
import { SampleSchema } from '../../../shared/sample.ts'
import type { Sample } from '../../../shared/sample.ts'
import { NO_GPU, fakeNvidiaSmi, fixtureReadings } from '../../helpers/gpu.ts'

const MIB = 1024 * 1024

describe('Sampler on this machine', () => {
  it('samples every 250 ms with plausible, non-overlapping, schema-valid samples', async () => {
    const sampler = new Sampler({
      intervalMs: 250,
      processesEveryMs: 1000,
      groups: [{ name: 'node', pattern: 'node|vitest' }],
      gpu: { command: NO_GPU },
    })
    const samples: Sample[] = []
    const warnings: string[] = []
    const caps: Capabilities[] = []
    sampler.on('sample', (s) => samples.push(s))
    sampler.on('warning', (w) => warnings.push(w))
    sampler.on('capabilities', (c) => caps.push(c))
    // The sampler read the counters when it was built: CPU used before start() shows in the first sample.
    const primedBusyUntil = Date.now() + 60
    while (Date.now() < primedBusyUntil) Math.sqrt(Math.random())
    sampler.start()
    // Waits on samples, not on the clock: a slow or busy machine takes longer, the assertions hold.
    await vi.waitFor(() => expect(samples.length).toBeGreaterThanOrEqual(2), { timeout: 20_000, interval: 20 })
    // some CPU activity while sampling (it delays one tick; the next ones stay on the grid)
    const busyUntil = Date.now() + 100
    while (Date.now() < busyUntil) Math.sqrt(Math.random())
    await vi.waitFor(() => expect(samples.length).toBeGreaterThanOrEqual(9), { timeout: 20_000, interval: 20 })
    await sampler.stop()

    for (const s of samples) expect(SampleSchema.parse(s)).toEqual(s)

    // never overlapping: each tick ends before the next one starts, on a ~250 ms cadence
    const gaps: number[] = []
    for (let i = 1; i < samples.length; i++) {
      const prev = samples[i - 1]
      expect(samples[i].t).toBeGreaterThanOrEqual(prev.t + prev.telemetry.tickMs - 1)
      gaps.push(samples[i].t - prev.t)
    }
    gaps.sort((a, b) => a - b)
    expect(gaps[gaps.length >> 1]).toBeGreaterThanOrEqual(200)
    expect(gaps[gaps.length >> 1]).toBeLessThanOrEqual(300)

    // rates: real from the first tick (primed counters, no false zero), never negative, CPU within 0–100
    expect(samples[0].cpu.total).toBeGreaterThan(0)
    for (const s of samples) {
      for (const v of [s.cpu.total, s.cpu.user, s.cpu.system, s.cpu.iowait, s.cpu.steal, ...s.cpu.cores]) {
        expect(v).toBeGreaterThanOrEqual(0)
        expect(v).toBeLessThanOrEqual(100)
      }
      for (const v of [...Object.values(s.disk), s.network.rxBps, s.network.txBps]) expect(v).toBeGreaterThanOrEqual(0)
      expect(s.cpu.cores).toHaveLength(os.cpus().length)
      expect(s.network.interfaces.map((i) => i.name)).not.toContain('lo')
    }
    expect(samples.slice(1).some((s) => s.cpu.total > 0)).toBe(true)

    // memory agrees with the OS
    const m = samples[samples.length - 1].memory
    expect(m.totalBytes).toBe(os.totalmem())
    expect(m.usedBytes + m.availableBytes).toBe(m.totalBytes)
    expect(m.usedBytes).toBeGreaterThan(0)
    expect(Math.abs(m.availableBytes - os.freemem())).toBeLessThan(m.totalBytes * 0.2)

    // telemetry on every tick
    for (const s of samples) {
      for (const k of ['cpu', 'memory', 'disk', 'network', 'gpu']) expect(s.telemetry.collectorsMs[k]).toBeGreaterThanOrEqual(0)
      expect(s.telemetry.tickMs).toBeGreaterThan(0)
    }

    // processes every 1000 ms (ticks 0, 4, 8 on time; the sampler allows half an interval of slack,
    // and a tick that ran late moves the next refresh with it), filesystems on the first tick only
    expect(samples[0].processes).toBeDefined()
    let lastProcessesT = samples[0].t
    for (const s of samples.slice(1)) {
      const since = s.t - lastProcessesT
      if (since >= 1000 - 125 + 5) expect(s.processes, `${since} ms after the last process list`).toBeDefined()
      if (since < 1000 - 125 - 5) expect(s.processes, `${since} ms after the last process list`).toBeUndefined()
      if (s.processes) lastProcessesT = s.t
    }
    const withProcesses = samples.flatMap((s, i) => (s.processes ? [i] : []))
    expect(withProcesses.length).toBeGreaterThanOrEqual(2)
    const p = samples[withProcesses[1]].processes
    expect(p?.total).toBeGreaterThan(1)
    expect(p?.topMemory.length).toBe(Math.min(15, p?.total ?? 0))
    expect(p?.groups[0]).toMatchObject({ name: 'node' })
    expect(p?.groups[0].count).toBeGreaterThanOrEqual(1)
    expect(p?.groups[0].rssBytes).toBeGreaterThan(0)
    expect(samples.flatMap((s, i) => (s.filesystems ? [i] : []))).toEqual([0])
    expect(samples[0].filesystems?.some((f) => f.mount === '/' && f.sizeBytes > 0)).toBe(true)

    // no GPU (nvidia-smi is a missing file): an empty list, and the capability says so, found out once
    for (const s of samples) expect(s.gpus).toEqual([])
    expect(sampler.capabilities.gpuAvailable).toBe(false)
    expect(sampler.capabilities.gpuReason).toMatch(/not found/)
    expect(sampler.capabilities.source).toBe('procfs')
    expect(caps).toHaveLength(1)
    expect(warnings).toEqual([])
  })

  it('collects the static inventory', async () => {
    const inv = await collectInventory({ nvidiaSmi: NO_GPU })
    expect(InventorySchema.parse(inv)).toEqual(inv)
    expect(inv.platform).toBe('linux')
    expect(inv.arch).toBe(os.arch())
    expect(inv.hostname).toBe(os.hostname())
    expect(inv.cpu.logicalCores).toBe(os.cpus().length)
    expect(inv.cpu.physicalCores).toBeGreaterThanOrEqual(1)
    expect(inv.cpu.model.length).toBeGreaterThan(0)
    expect(inv.memory.totalBytes).toBe(os.totalmem())
    expect(inv.os.kernel).toBe(os.release())
    expect(inv.gpuAvailable).toBe(false)
    expect(inv.gpuReason).toMatch(/not found/)
    expect(inv.gpus.every((g) => g.source === 'systeminformation')).toBe(true)
  })

  it("with an NVIDIA GPU: samples carry the fake GPU's readings and the capability says so", async () => {
    const readings = fixtureReadings('one-gpu.csv')
    const sampler = new Sampler({ intervalMs: 250, gpu: { command: fakeNvidiaSmi('one-gpu.csv') } })
    const samples: Sample[] = []
    const warnings: string[] = []
    sampler.on('sample', (s) => samples.push(s))
    sampler.on('warning', (w) => warnings.push(w))
    sampler.start()
    try {
      // nvidia-smi answers after its first loop: wait for three samples that carry the GPU.
      await vi.waitFor(() => expect(samples.filter((s) => s.gpus.length > 0).length).toBeGreaterThanOrEqual(3), { timeout: 20_000, interval: 20 })
    } finally {
      await sampler.stop()
    }
    expect(sampler.capabilities).toMatchObject({ gpuAvailable: true, gpuReason: null })
    for (const s of samples.filter((x) => x.gpus.length > 0)) {
      expect(SampleSchema.parse(s)).toEqual(s)
      expect(s.gpus).toHaveLength(1)
      const g = s.gpus[0]
      expect(g).toMatchObject({ index: 0, name: 'NVIDIA GeForce RTX 4090', memoryTotalBytes: 24564 * MIB })
      // one of the recorded loops, field by field
      expect(readings.map((r) => [Number(r[2]), Number(r[3]), Number(r[4]) * MIB, Number(r[6]), Number(r[7]), Number(r[8])])).toContainEqual([
        g.utilization,
        g.memoryUtilization,
        g.memoryUsedBytes,
        g.temperatureC,
        g.powerW,
        g.clockSmMHz,
      ])
    }
    expect(warnings).toEqual([])
  })

  it('with an NVIDIA GPU: the inventory lists it from nvidia-smi', async () => {
    const inv = await collectInventory({ nvidiaSmi: fakeNvidiaSmi('two-gpus.csv'), skipGraphics: true })
    expect(InventorySchema.parse(inv)).toEqual(inv)
    expect(inv.gpuAvailable).toBe(true)
    expect(inv.gpuReason).toBeNull()
    expect(inv.gpus).toEqual([
      { index: 0, vendor: 'NVIDIA', model: 'NVIDIA RTX A4000', memoryTotalBytes: 16376 * MIB, source: 'nvidia-smi' },
      { index: 1, vendor: 'NVIDIA', model: 'NVIDIA GeForce GTX 1660 SUPER', memoryTotalBytes: 6144 * MIB, source: 'nvidia-smi' },
    ])
  })
})
