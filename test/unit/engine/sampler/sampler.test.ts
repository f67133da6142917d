import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Sampler, nextDue, validateInterval } from '../../../../electron/engine/sampler/sampler.ts'
import type { CompiledGroup } from '../../../../electron/engine/sampler/groups.ts'
import { createProcCollectors } from '../../../../electron/engine/sampler/linux/collectors.ts'
import type { HostCollectors } from '../../../../electron/engine/sampler/types.ts'
import { SampleSchema } from '../../../../shared/sample.ts'
import type { Sample } from '../../../../shared/sample.ts'
import { tempDir } from '../../../helpers/temp.ts'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const FIX = path.resolve(import.meta.dirname, '../../../fixtures')
/** Waits on a condition, not on the clock: a slow or busy machine takes longer, the assertions hold. */
const until = (cond: () => boolean, timeout = 20_000): Promise<void> =>
  vi.waitFor(
    () => {
      if (!cond()) throw new Error('not yet')
    },
    { timeout, interval: 10 },
  )

/** Fake host collectors: counts calls, tracks concurrency, can be slow or throw. */
class FakeCollectors implements HostCollectors {
  readonly source = 'procfs' as const
  active = 0
  maxActive = 0
  starts: number[] = []
  cpuDelayMs = 0
  failMemory = false
  groups: readonly CompiledGroup[] = []
  processCalls = 0
  fsCalls = 0
  async cpu(): Promise<Sample['cpu']> {
    this.starts.push(performance.now())
    this.active++
    this.maxActive = Math.max(this.maxActive, this.active)
    if (this.cpuDelayMs > 0) await sleep(this.cpuDelayMs)
    this.active--
    return { total: 12, user: 10, system: 2, iowait: 0, steal: 0, cores: [12], load: [0.1, 0.2, 0.3] }
  }
  memory(): Sample['memory'] {
    if (this.failMemory) throw new Error('meminfo vanished')
    return { totalBytes: 100, usedBytes: 40, availableBytes: 60, cachedBytes: 10, swapUsedBytes: 0, swapTotalBytes: 0 }
  }
  disk(): Sample['disk'] {
    return { readBps: 1, writeBps: 2, readOps: 3, writeOps: 4 }
  }
  network(): Sample['network'] {
    return { rxBps: 5, txBps: 6, interfaces: [{ name: 'eth0', rxBps: 5, txBps: 6 }] }
  }
  processes(): Sample['processes'] & object {
    this.processCalls++
    return { topCpu: [], topMemory: [], groups: [], total: 7 }
  }
  filesystems(): NonNullable<Sample['filesystems']> {
    this.fsCalls++
    return [{ mount: '/', device: '/dev/x', type: 'ext4', sizeBytes: 10, usedBytes: 5 }]
  }
  setGroups(groups: readonly CompiledGroup[]): void {
    this.groups = groups
  }
  close(): void {}
}

const samplers: Sampler[] = []
afterEach(async () => {
  await Promise.all(samplers.splice(0).map((s) => s.stop()))
})

function make(fake: FakeCollectors, o: ConstructorParameters<typeof Sampler>[0] = {}): { s: Sampler; samples: Sample[]; warnings: string[] } {
  const s = new Sampler({ gpu: false, collectors: fake, ...o })
  samplers.push(s)
  const samples: Sample[] = []
  const warnings: string[] = []
  s.on('sample', (x) => samples.push(x))
  s.on('warning', (w) => warnings.push(w))
  return { s, samples, warnings }
}

describe('scheduling helpers', () => {
  it('nextDue keeps the grid and skips slots already past', () => {
    expect(nextDue(0, 5, 1000)).toBe(1000)
    expect(nextDue(0, 1000, 1000)).toBe(1000)
    expect(nextDue(0, 1001, 1000)).toBe(2000)
    expect(nextDue(0, 2500, 1000)).toBe(3000)
  })

  it('accepts 250–60000 ms only', () => {
    expect(validateInterval(250)).toBe(250)
    expect(validateInterval(60_000)).toBe(60_000)
    for (const bad of [249, 60_001, Number.NaN, Infinity, -1]) expect(() => validateInterval(bad)).toThrow(RangeError)
    expect(() => new Sampler({ intervalMs: 100, gpu: false, collectors: new FakeCollectors() })).toThrow(RangeError)
    const s = new Sampler({ gpu: false, collectors: new FakeCollectors() })
    expect(s.interval).toBe(1000)
    expect(() => s.setInterval(10)).toThrow(RangeError)
    expect(s.interval).toBe(1000)
  })
})

describe('Sampler loop', () => {
  it('keeps the cadence from tick starts (not ends) and never overlaps', async () => {
    const fake = new FakeCollectors()
    fake.cpuDelayMs = 120
    const { s, samples } = make(fake, { intervalMs: 250 })
    s.start()
    await until(() => samples.length >= 6)
    await s.stop()
    expect(fake.maxActive).toBe(1)
    const gaps = fake.starts.slice(1).map((t, i) => t - fake.starts[i])
    // end + interval would be ≥ 370 ms apart; start + interval is 250
    const sorted = [...gaps].sort((a, b) => a - b)
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(320)
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(120)
    for (const x of samples) expect(x.telemetry.collectorsMs.cpu).toBeGreaterThanOrEqual(100)
  })

  it('skips grid slots when a tick overruns, instead of firing back to back', async () => {
    const fake = new FakeCollectors()
    fake.cpuDelayMs = 300
    const { s } = make(fake, { intervalMs: 250 })
    s.start()
    await until(() => fake.starts.length >= 4)
    await s.stop()
    expect(fake.maxActive).toBe(1)
    const gaps = fake.starts.slice(1).map((t, i) => t - fake.starts[i])
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(480)
    expect(s.stats.skipped).toBeGreaterThanOrEqual(1)
  })

  it('times each collector and the whole tick; processes and filesystems only on their ticks', async () => {
    const fake = new FakeCollectors()
    const { s, samples } = make(fake, { intervalMs: 250, processesEveryMs: 1000, filesystemsEveryMs: 2000 })
    s.start()
    await until(() => samples.length >= 10)
    await s.stop()
    for (const x of samples) {
      expect(SampleSchema.parse(x)).toEqual(x)
      expect(Object.keys(x.telemetry.collectorsMs).slice(0, 5)).toEqual(['cpu', 'memory', 'disk', 'network', 'gpu'])
      expect(x.telemetry.tickMs).toBeGreaterThanOrEqual(x.telemetry.collectorsMs.cpu)
    }
    // On time that is ticks 0, 4, 8 for processes and 0, 8 for filesystems; a tick that ran late moves
    // the next refresh with it, so check each tick against the time since the last refresh (the
    // sampler allows half an interval of slack; ±5 ms for Date.now against performance.now).
    const refreshes = (has: (x: Sample) => boolean, everyMs: number): number[] => {
      expect(has(samples[0])).toBe(true)
      let last = samples[0].t
      for (const x of samples.slice(1)) {
        const since = x.t - last
        if (since >= everyMs - 125 + 5) expect(has(x), `${since} ms after the last refresh`).toBe(true)
        if (since < everyMs - 125 - 5) expect(has(x), `${since} ms after the last refresh`).toBe(false)
        if (has(x)) last = x.t
      }
      return samples.flatMap((x, i) => (has(x) ? [i] : []))
    }
    const withProcesses = refreshes((x) => x.processes !== undefined, 1000)
    const withFs = refreshes((x) => x.filesystems !== undefined, 2000)
    expect(withProcesses.length).toBeGreaterThanOrEqual(2)
    expect(withFs.length).toBeLessThan(withProcesses.length)
    expect('processes' in samples[1].telemetry.collectorsMs).toBe(false)
    expect(samples[0].telemetry.collectorsMs.processes).toBeGreaterThanOrEqual(0)
    expect(fake.processCalls).toBe(withProcesses.length)
    expect(fake.fsCalls).toBe(withFs.length)
  })

  it('reports a failing collector once per failure episode and fills its part with zeros', async () => {
    const fake = new FakeCollectors()
    const { s, samples, warnings } = make(fake)
    fake.failMemory = true
    await s.sampleOnce()
    await s.sampleOnce()
    await s.sampleOnce()
    expect(warnings).toEqual(['memory collector failed: meminfo vanished; reporting zeros until it recovers'])
    expect(samples[2].memory.totalBytes).toBe(0)
    expect(samples[2].cpu.total).toBe(12) // the rest of the tick goes on
    fake.failMemory = false
    await s.sampleOnce()
    expect(samples[3].memory.totalBytes).toBe(100)
    fake.failMemory = true
    await s.sampleOnce()
    expect(warnings).toHaveLength(2)
  })

  it('reports a collector whose promise rejects like one that throws, and goes on with the tick', async () => {
    const fake = new FakeCollectors()
    const { s, samples, warnings } = make(fake)
    fake.cpu = () => Promise.reject(new Error('stat vanished'))
    await s.sampleOnce()
    await s.sampleOnce()
    expect(warnings).toEqual(['cpu collector failed: stat vanished; reporting zeros until it recovers'])
    expect(samples[1].cpu.total).toBe(0)
    expect(samples[1].memory.totalBytes).toBe(100)
    expect(samples[1].telemetry.collectorsMs.cpu).toBeGreaterThanOrEqual(0)
  })

  it('applies a new interval at runtime to the next tick', async () => {
    const fake = new FakeCollectors()
    // The old period is the longest there is (60 s): the next ticks can only come from the new one.
    const { s, samples } = make(fake, { intervalMs: 60_000 })
    s.start()
    await until(() => samples.length >= 1)
    expect(samples).toHaveLength(1)
    s.setInterval(250)
    expect(s.interval).toBe(250)
    await until(() => samples.length >= 3, 30_000)
    await s.stop()
    const gaps = samples.slice(1).map((x, i) => x.t - samples[i].t)
    expect(Math.min(...gaps)).toBeLessThan(60_000)
  })

  it('stop() waits for the tick in flight, then nothing more runs', async () => {
    const fake = new FakeCollectors()
    fake.cpuDelayMs = 1000
    const { s, samples } = make(fake, { intervalMs: 250 })
    s.start()
    await until(() => fake.starts.length === 1) // the first tick is in flight (its CPU read takes 1 s)
    expect(samples).toHaveLength(0)
    await s.stop()
    expect(samples).toHaveLength(1)
    // Nothing may run after stop(): an absence can only be watched for a while (two periods here).
    await sleep(500)
    expect(samples).toHaveLength(1)
    expect(fake.starts).toHaveLength(1)
    expect(s.isRunning).toBe(false)
  })

  it('reports invalid group patterns by name (also those given before anyone listened) and ignores them', async () => {
    const fake = new FakeCollectors()
    const s = new Sampler({ gpu: false, collectors: fake, groups: [{ name: 'algo', pattern: 'python.*strategy' }, { name: 'oops', pattern: '*bad' }] })
    samplers.push(s)
    const warnings: string[] = []
    s.on('warning', (w) => warnings.push(w))
    expect(fake.groups.map((g) => g.name)).toEqual(['algo'])
    await s.sampleOnce()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/process group "oops": invalid pattern "\*bad"/)
    s.setGroups([{ name: 'x', pattern: '(' }, { name: 'mt', pattern: 'MetaTrader' }])
    expect(warnings).toHaveLength(2)
    expect(fake.groups.map((g) => g.name)).toEqual(['mt'])
  })

  it('survives a listener that throws', async () => {
    const fake = new FakeCollectors()
    const { s, samples, warnings } = make(fake, { intervalMs: 250 })
    s.on('sample', () => {
      throw new Error('listener bug')
    })
    s.start()
    await until(() => samples.length >= 2)
    await s.stop()
    expect(warnings[0]).toMatch(/"sample" listener threw: listener bug/)
  })

  it('sampleOnce refuses to run beside the loop', async () => {
    const { s } = make(new FakeCollectors(), { intervalMs: 250 })
    s.start()
    await expect(s.sampleOnce()).rejects.toThrow(/stopped sampler/)
  })
})

describe('Sampler on recorded /proc snapshots', () => {
  let dir = ''
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('produces valid samples with the expected rates from two snapshots', async () => {
    dir = tempDir('gw-sampler-')
    const load = (snap: string): void => {
      for (const e of fs.readdirSync(dir)) if (/^\d+$/.test(e)) fs.rmSync(path.join(dir, e), { recursive: true })
      fs.cpSync(path.join(FIX, 'proc', snap), dir, { recursive: true })
    }
    load('ws-t0')
    let now = 0
    const statfs = (): { bsize: number; blocks: number; bfree: number; bavail: number } => ({ bsize: 4096, blocks: 100, bfree: 40, bavail: 40 })
    const collectors = createProcCollectors({ procRoot: dir, pageSize: 4096, now: () => now, statfs })
    const s = new Sampler({ gpu: false, collectors, intervalMs: 1000, groups: [{ name: 'algo', pattern: 'python.*strategy' }] })
    samplers.push(s)
    const first = await s.sampleOnce()
    expect(SampleSchema.parse(first)).toEqual(first)
    expect(first.cpu.total).toBe(0)
    expect(first.disk.readBps).toBe(0)
    expect(first.filesystems?.map((f) => f.mount)).toEqual(['/', '/boot/efi', '/mnt/market data', '/media/trader/SD'])
    load('ws-t1')
    now = 2000
    const second = await s.sampleOnce()
    expect(SampleSchema.parse(second)).toEqual(second)
    expect(second.cpu.total).toBeCloseTo(43, 10)
    expect(second.memory.usedBytes).toBe((32768000 - 20000000) * 1024)
    expect(second.disk.readOps).toBe(110)
    expect(second.network.rxBps).toBe(1_000_500)
    expect(second.gpus).toEqual([])
    expect(s.capabilities).toEqual({ gpuAvailable: false, gpuReason: 'GPU monitoring disabled', source: 'procfs' })
  })

  it('runs a tick of the synchronous /proc collectors to its end at once: no promise or microtask per collector', async () => {
    dir = tempDir('gw-sampler-')
    fs.cpSync(path.join(FIX, 'proc', 'ws-t0'), dir, { recursive: true })
    const statfs = (): { bsize: number; blocks: number; bfree: number; bavail: number } => ({ bsize: 4096, blocks: 100, bfree: 40, bavail: 40 })
    const s = new Sampler({ gpu: false, collectors: createProcCollectors({ procRoot: dir, pageSize: 4096, now: () => 0, statfs }), intervalMs: 1000 })
    samplers.push(s)
    const seen: Sample[] = []
    s.on('sample', (x) => seen.push(x))
    const tick = s.sampleOnce()
    expect(seen).toHaveLength(1) // emitted before sampleOnce() returned its promise
    expect(await tick).toBe(seen[0])
  })
})

describe('Sampler with an nvidia-smi', () => {
  it('puts the streamed readings into the samples and reports the capability', async () => {
    const caps: Array<boolean | null> = []
    const s = new Sampler({
      collectors: new FakeCollectors(),
      intervalMs: 250,
      gpu: {
        command: process.execPath,
        args: () => [path.join(FIX, 'nvidia-smi', 'fake-nvidia-smi.mjs'), path.join(FIX, 'nvidia-smi', 'two-gpus.csv'), '30000', '0'],
      },
    })
    samplers.push(s)
    const samples: Sample[] = []
    s.on('sample', (x) => samples.push(x))
    s.on('capabilities', (c) => caps.push(c.gpuAvailable))
    s.start()
    await until(() => samples.some((x) => x.gpus.length === 2))
    await s.stop()
    const withGpus = samples.find((x) => x.gpus.length === 2)
    expect(withGpus?.gpus.map((g) => g.utilization)).toEqual([64, 2])
    expect(caps).toEqual([true])
  })
})
