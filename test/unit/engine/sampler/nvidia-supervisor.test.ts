import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NvidiaSmiSupervisor, defaultNvidiaSmiArgs } from '../../../../electron/engine/sampler/gpu/supervisor.ts'
import type { NvidiaSmiOptions } from '../../../../electron/engine/sampler/gpu/supervisor.ts'
import type { GpuStatus, SamplerWarning } from '../../../../electron/engine/sampler/types.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/nvidia-smi')
const FAKE = path.join(FIX, 'fake-nvidia-smi.mjs')
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function waitFor(cond: () => boolean, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await sleep(10)
  }
}

const running: NvidiaSmiSupervisor[] = []
const logs: string[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
  for (const f of logs.splice(0)) fs.rmSync(f, { force: true })
  delete process.env.FAKE_SMI_LOG
})

interface Harness {
  sup: NvidiaSmiSupervisor
  statuses: GpuStatus[]
  warnings: SamplerWarning[]
}

/** A supervisor running the fake script: fixture, how long it lingers after printing, exit code. */
function fake(fixture: string, lingerMs: number, exitCode: number, extra: NvidiaSmiOptions = {}, where = 'stdout'): Harness {
  const statuses: GpuStatus[] = []
  const warnings: SamplerWarning[] = []
  const sup = new NvidiaSmiSupervisor({
    command: process.execPath,
    args: () => [FAKE, path.join(FIX, fixture), String(lingerMs), String(exitCode), where],
    onStatus: (s) => statuses.push(s),
    onWarning: (w) => warnings.push(w),
    ...extra,
  })
  running.push(sup)
  return { sup, statuses, warnings }
}

describe('NvidiaSmiSupervisor', () => {
  it('builds the documented query with the sampling period', () => {
    expect(defaultNvidiaSmiArgs(1000)).toEqual([
      '--query-gpu=index,name,utilization.gpu,utilization.memory,memory.used,memory.total,temperature.gpu,power.draw,clocks.sm',
      '--format=csv,noheader,nounits',
      '-lms',
      '1000',
    ])
  })

  it('without an nvidia-smi binary: unavailable with a reason, spawned once, no retry', async () => {
    const statuses: GpuStatus[] = []
    const sup = new NvidiaSmiSupervisor({ command: '/nonexistent/nvidia-smi', backoffInitialMs: 10, onStatus: (s) => statuses.push(s) })
    running.push(sup)
    sup.start()
    await waitFor(() => statuses.length > 0)
    await sleep(300)
    expect(sup.spawnCount).toBe(1)
    expect(statuses).toHaveLength(1)
    expect(sup.gpuStatus.available).toBe(false)
    expect(sup.gpuStatus.reason).toMatch(/^No NVIDIA GPU found: .*not found/)
    expect(sup.gpuStatus.reason).not.toMatch(/ENOENT/)
    expect(sup.gpus()).toEqual([])
  })

  it('restarts a child that dies with exponential backoff, parsing its readings meanwhile', async () => {
    const log = path.join(os.tmpdir(), `gw-smi-${process.pid}-${Date.now()}.log`)
    logs.push(log)
    process.env.FAKE_SMI_LOG = log
    const h = fake('two-gpus.csv', 150, 3, { backoffInitialMs: 100, backoffMaxMs: 400 })
    const seen = new Set<string>()
    h.sup.start()
    while (h.sup.spawnCount < 5) {
      for (const g of h.sup.gpus()) seen.add(`${g.index}:${g.name}:${g.utilization}`)
      await sleep(5)
    }
    await waitFor(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').trim().split('\n').length >= 5)
    expect(h.sup.restartDelays.slice(0, 4)).toEqual([100, 200, 400, 400])
    expect(seen).toContain('0:NVIDIA RTX A4000:64')
    expect(seen).toContain('1:NVIDIA GeForce GTX 1660 SUPER:2')
    expect(h.statuses[0]).toEqual({ available: true, reason: null })
    // each run lives ≥ 170 ms (prints, 20 ms, 150 ms linger), then waits its backoff delay
    const starts = fs.readFileSync(log, 'utf8').trim().split('\n').map(Number)
    const gaps = starts.slice(1).map((t, i) => t - starts[i])
    for (let i = 0; i < 4; i++) expect(gaps[i]).toBeGreaterThanOrEqual(h.sup.restartDelays[i] + 150)
    // reported once, not on every restart
    expect(h.warnings.filter((w) => w.code === 'gpu-crashed')).toHaveLength(1)
  })

  it('resets the backoff after a run that lasted long enough', async () => {
    const h = fake('one-gpu.csv', 0, 1, { backoffInitialMs: 30, backoffMaxMs: 1000, healthyAfterMs: 0 })
    h.sup.start()
    await waitFor(() => h.sup.spawnCount >= 4)
    expect(h.sup.restartDelays.slice(0, 3)).toEqual([30, 30, 30])
  })

  it.each([
    ['no-devices.txt', 'stdout', /No devices were found/],
    ['driver-failure.txt', 'stderr', /couldn't communicate/],
  ])('%s on %s: unavailable, not respawned in a loop', async (file, where, reason) => {
    const h = fake(file, 0, 6, { backoffInitialMs: 10, unavailableRetryMs: 0 }, where)
    h.sup.start()
    await waitFor(() => h.sup.gpuStatus.available === false)
    await sleep(300)
    expect(h.sup.spawnCount).toBe(1)
    expect(h.sup.gpuStatus.reason).toMatch(reason)
    expect(h.warnings).toEqual([])
  })

  it('ends an nvidia-smi that reports no devices but keeps running', async () => {
    const h = fake('no-devices.txt', 30_000, 0, { unavailableRetryMs: 0 })
    h.sup.start()
    const t0 = Date.now()
    await waitFor(() => h.sup.gpuStatus.available === false)
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(h.sup.spawnCount).toBe(1)
  })

  it('retries an unavailable driver rarely, after unavailableRetryMs', async () => {
    const h = fake('no-devices.txt', 0, 6, { unavailableRetryMs: 150 })
    h.sup.start()
    await waitFor(() => h.sup.spawnCount >= 2)
    expect(h.sup.gpuStatus.available).toBe(false)
  })

  it('warns once per lost GPU and keeps the others', async () => {
    const h = fake('gpu-lost.csv', 2000, 0)
    h.sup.start()
    await waitFor(() => h.warnings.some((w) => w.code === 'gpu-lost'))
    await waitFor(() => h.sup.gpus().length === 1)
    expect(h.sup.gpus()[0].index).toBe(0)
    expect(h.warnings.filter((w) => w.code === 'gpu-lost')).toHaveLength(1)
    expect(h.warnings[0].message).toMatch(/GPU0000:02:00.0: GPU is lost/)
  })

  it('kills and restarts an nvidia-smi that stops printing', async () => {
    const h = fake('one-gpu.csv', 30_000, 0, { stallMs: 200, backoffInitialMs: 10 })
    h.sup.start()
    await waitFor(() => h.sup.gpus().length === 1)
    // the sampler calls gpus() every tick: that is the watchdog
    await waitFor(() => {
      h.sup.gpus()
      return h.sup.spawnCount >= 2
    })
    expect(h.warnings.map((w) => w.code)).toContain('gpu-stalled')
  })

  it('restarts the child with the new period on setIntervalMs, without counting a failure', async () => {
    const periods: number[] = []
    const sup = new NvidiaSmiSupervisor({
      command: process.execPath,
      args: (ms) => {
        periods.push(ms)
        return [FAKE, path.join(FIX, 'one-gpu.csv'), '30000', '0']
      },
      intervalMs: 1000,
    })
    running.push(sup)
    sup.start()
    await waitFor(() => sup.gpus().length === 1)
    sup.setIntervalMs(500)
    await waitFor(() => sup.spawnCount === 2)
    expect(periods).toEqual([1000, 500])
    expect(sup.restartDelays).toEqual([])
  })

  it('stop() ends the child and nothing is spawned afterwards', async () => {
    const h = fake('one-gpu.csv', 30_000, 0, { backoffInitialMs: 10 })
    h.sup.start()
    await waitFor(() => h.sup.gpus().length === 1)
    const t0 = Date.now()
    await h.sup.stop()
    expect(Date.now() - t0).toBeLessThan(2000)
    await sleep(100)
    expect(h.sup.spawnCount).toBe(1)
    expect(h.sup.gpus()).toEqual([])
  })
})
