// The real Sampler on this machine: real /proc, real statfs, real (absent) nvidia-smi.
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { Sampler, collectInventory } from '../../../electron/engine/sampler/index.ts'
import type { Capabilities } from '../../../electron/engine/sampler/index.ts'
import { InventorySchema } from '../../../shared/inventory.ts'
import { SampleSchema } from '../../../shared/sample.ts'
import type { Sample } from '../../../shared/sample.ts'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('Sampler on this machine', () => {
  it('samples every 250 ms for 2 s with plausible, non-overlapping, schema-valid samples', async () => {
    const sampler = new Sampler({ intervalMs: 250, processesEveryMs: 1000, groups: [{ name: 'node', pattern: 'node|vitest' }] })
    const samples: Sample[] = []
    const warnings: string[] = []
    const caps: Capabilities[] = []
    sampler.on('sample', (s) => samples.push(s))
    sampler.on('warning', (w) => warnings.push(w))
    sampler.on('capabilities', (c) => caps.push(c))
    // The sampler read the counters when it was built: CPU used before start() shows in the first sample.
    const primedBusyUntil = Date.now() + 60
    while (Date.now() < primedBusyUntil) Math.sqrt(Math.random())
    await sleep(100)
    sampler.start()
    await sleep(400)
    // some CPU activity while sampling (it delays one tick; the next ones stay on the grid)
    const busyUntil = Date.now() + 100
    while (Date.now() < busyUntil) Math.sqrt(Math.random())
    await sleep(1700)
    await sampler.stop()

    expect(samples.length).toBeGreaterThanOrEqual(7)
    expect(samples.length).toBeLessThanOrEqual(10)
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

    // processes every 1000 ms (ticks 0, 4, 8), filesystems on the first tick only
    const withProcesses = samples.flatMap((s, i) => (s.processes ? [i] : []))
    expect(withProcesses).toEqual([0, 4, 8].filter((i) => i < samples.length))
    const p = samples[4].processes
    expect(p?.total).toBeGreaterThan(1)
    expect(p?.topMemory.length).toBe(Math.min(15, p?.total ?? 0))
    expect(p?.groups[0]).toMatchObject({ name: 'node' })
    expect(p?.groups[0].count).toBeGreaterThanOrEqual(1)
    expect(p?.groups[0].rssBytes).toBeGreaterThan(0)
    expect(samples.flatMap((s, i) => (s.filesystems ? [i] : []))).toEqual([0])
    expect(samples[0].filesystems?.some((f) => f.mount === '/' && f.sizeBytes > 0)).toBe(true)

    // no GPU here: an empty list, and the capability says so, found out once
    for (const s of samples) expect(s.gpus).toEqual([])
    expect(sampler.capabilities.gpuAvailable).toBe(false)
    expect(sampler.capabilities.gpuReason).toMatch(/not found/)
    expect(sampler.capabilities.source).toBe('procfs')
    expect(caps).toHaveLength(1)
    expect(warnings).toEqual([])
  })

  it('collects the static inventory', async () => {
    const inv = await collectInventory()
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
})
