// The pool with real worker processes (child_process.fork of electron/worker/index.ts).
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Pool, JobCancelledError, type JobInfo } from '../../../electron/engine/pool/pool.ts'
import { nodeWorkerHost } from '../../../electron/engine/pool/worker-host.ts'
import { detectFvgs } from '../../../electron/engine/fvg/index.ts'
import { generateCandles, bundledDataPath, importCsvFile, writeCandlesCsv } from '../../../electron/engine/market/index.ts'
import { tempDir } from '../../helpers/temp.ts'
import { defaultFvgOptions } from '../../../shared/fvg.ts'
import { SettingsSchema } from '../../../shared/settings.ts'
import type { ScanJobResult, ScanJobSpec } from '../../../electron/engine/pool/protocol.ts'

const gen = (seed: number, count = 50_000): ScanJobSpec => ({
  kind: 'scan',
  symbol: `GEN${seed}`,
  source: { kind: 'generated', seed, count, intervalMs: 60_000, startPrice: 100 },
  options: defaultFvgOptions,
})

let pool: Pool | null = null
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
afterEach(async () => {
  await pool?.close()
  pool = null
})

describe('pool', () => {
  it('scans in worker processes exactly as the kernel does in-process', async () => {
    pool = new Pool(nodeWorkerHost(), 2)
    const eurusd: ScanJobSpec = { kind: 'scan', symbol: 'EURUSD', source: { kind: 'file', path: bundledDataPath('eurusd_15m.csv') }, options: defaultFvgOptions }
    const [a, b] = await Promise.all([pool.submit(eurusd).done, pool.submit(gen(7)).done])
    const local = detectFvgs(importCsvFile(bundledDataPath('eurusd_15m.csv')).candles)
    expect(a.candles).toBe(24_424)
    expect(a.fvgs).toBe(local.count)
    expect(Array.from(a.zones!.top)).toEqual(Array.from(local.top))
    expect(Array.from(a.zones!.mitigatedIndex)).toEqual(Array.from(local.mitigatedIndex))
    const g = detectFvgs(generateCandles({ seed: 7, count: 50_000, intervalMs: 60_000, startPrice: 100 }))
    expect(b.fvgs).toBe(g.count)
    const stats = pool.stats()
    expect(stats.done).toBe(2)
    expect(stats.workers.reduce((s, w) => s + w.jobs, 0)).toBe(2)
  })

  it('ends idle workers after idleExitMs and starts them again for the next job', async () => {
    const spawned: number[] = []
    const host = nodeWorkerHost()
    pool = new Pool({ spawn: () => { const h = host.spawn(); spawned.push(h.pid!); return h } }, 2, { idleExitMs: 300 })
    expect((await pool.submit(gen(5, 20_000)).done).candles).toBe(20_000)
    await expect.poll(() => pool!.stats().workers.length, { timeout: 10_000, interval: 50 }).toBe(0)
    for (const pid of spawned) await expect.poll(() => isAlive(pid), { timeout: 10_000, interval: 50 }).toBe(false)
    expect(pool.stats().size).toBe(2)
    const again = await pool.submit(gen(6, 20_000)).done
    expect(again.fvgs).toBe(detectFvgs(generateCandles({ seed: 6, count: 20_000, intervalMs: 60_000, startPrice: 100 })).count)
    expect(spawned).toHaveLength(4) // two, then two new ones on demand
  })

  it('takes a new idle exit at run time (the workerIdleSec setting, 60 s by default)', async () => {
    expect(SettingsSchema.parse({}).workerIdleSec).toBe(60)
    pool = new Pool(nodeWorkerHost(), 1, { idleExitMs: 0 }) // 0: never
    expect((await pool.submit(gen(8, 10_000)).done).candles).toBe(10_000)
    expect(pool.stats().workers).toHaveLength(1)
    pool.setIdleExit(200)
    await expect.poll(() => pool!.stats().workers.length, { timeout: 10_000, interval: 50 }).toBe(0)
    expect((await pool.submit(gen(9, 10_000)).done).candles).toBe(10_000) // started again on demand
    expect(() => pool!.setIdleExit(-1)).toThrow(RangeError)
  })

  it('replaces a worker SIGKILLed mid-job and completes the job exactly once', async () => {
    pool = new Pool(nodeWorkerHost(), 1)
    const results: number[] = []
    pool.on('result', (r) => results.push(r.job.id))
    const exits: Array<{ pid: number | null; crashed: boolean }> = []
    pool.on('workerExit', (e) => exits.push({ pid: e.pid, crashed: e.crashed }))
    let killed = 0
    pool.on('job', (j) => {
      if (j.state === 'running' && j.attempts === 1 && j.workerPid) {
        killed = j.workerPid
        process.kill(j.workerPid, 'SIGKILL')
      }
    })
    const job = pool.submit(gen(3, 400_000))
    const r = await job.done
    expect(killed).toBeGreaterThan(0)
    expect(r.candles).toBe(400_000)
    expect(pool.job(job.id)).toMatchObject({ state: 'done', attempts: 2 })
    expect(results).toEqual([job.id])
    expect(pool.stats().workers[0].pid).not.toBe(killed)
    // The crash is reported as one (a counter's source); the pool's own kills at close are not.
    expect(exits).toEqual([{ pid: killed, crashed: true }])
    await pool.close()
    expect(exits.filter((e) => e.crashed)).toHaveLength(1)
  })

  it('fails a job whose worker keeps dying, after 2 retries, with the reason', async () => {
    pool = new Pool(nodeWorkerHost(path.resolve(import.meta.dirname, '../../fixtures/pool/dying-worker.ts')), 1)
    const job = pool.submit(gen(1))
    await expect(job.done).rejects.toThrow(/Failed after 3 attempts: worker process ended by SIGKILL/)
    expect(pool.job(job.id)).toMatchObject({ state: 'failed', attempts: 3 })
    expect(pool.stats().size).toBe(1)
  })

  it('reports a job error (a bad file) without retrying it', async () => {
    pool = new Pool(nodeWorkerHost(), 1)
    const job = pool.submit({ kind: 'scan', symbol: 'NOPE', source: { kind: 'file', path: '/nonexistent/nope.csv' }, options: defaultFvgOptions })
    await expect(job.done).rejects.toThrow(/nope\.csv/)
    expect(pool.job(job.id)).toMatchObject({ state: 'failed', attempts: 1 })
  })

  it('fails an invalid spec on the host as a job, naming the field (the worker does not validate)', async () => {
    pool = new Pool(nodeWorkerHost(), 1)
    const bad = { ...gen(3), options: { minGap: { kind: 'atr', multiple: 1, period: 0 } } } as ScanJobSpec
    const job = pool.submit(bad)
    await expect(job.done).rejects.toThrow(/GEN3.*options\.minGap\.period/)
    expect(pool.job(job.id)).toMatchObject({ state: 'failed', attempts: 0, workerPid: null })
    expect(pool.activeJobs()).toEqual([])
    expect((await pool.submit(gen(3, 5000)).done).candles).toBe(5000)
  })

  it('cancels queued and running jobs; the pool goes on', async () => {
    pool = new Pool(nodeWorkerHost(), 1)
    const running = pool.submit(gen(1, 2_000_000))
    const queued = pool.submit(gen(2))
    const after = pool.submit(gen(3, 10_000))
    await expect.poll(() => pool!.job(running.id)!.state).toBe('running')
    expect(pool.cancel(queued.id)).toBe(true)
    expect(pool.cancel(running.id)).toBe(true)
    await expect(running.done).rejects.toBeInstanceOf(JobCancelledError)
    await expect(queued.done).rejects.toBeInstanceOf(JobCancelledError)
    expect((await after.done).candles).toBe(10_000)
    expect(pool.stats()).toMatchObject({ cancelled: 2, done: 1, size: 1 })
    expect(pool.job(queued.id)!.attempts).toBe(0)
  })

  it('sends progress at most 10 times a second per job', async () => {
    pool = new Pool(nodeWorkerHost(), 2)
    const seen = new Map<number, number[]>()
    pool.on('progress', (j: JobInfo) => seen.set(j.id, [...(seen.get(j.id) ?? []), performance.now()]))
    await Promise.all([1, 2, 3, 4].map((s) => pool!.submit({ ...gen(s, 300_000), timeframe: '1h' }).done))
    expect(seen.size).toBeGreaterThan(0)
    for (const times of seen.values()) {
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(99)
    }
  })

  it('gives a live queue its weighted share ahead of a backfill', async () => {
    pool = new Pool(nodeWorkerHost(), 1)
    pool.setQueueWeight('live', 4)
    const order: string[] = []
    pool.on('job', (j) => j.state === 'running' && order.push(j.symbol))
    const backfill = Array.from({ length: 6 }, (_, i) => pool!.submit({ ...gen(100 + i, 2000), symbol: `B${i}` }, { queue: 'backfill' }).done)
    const live = Array.from({ length: 4 }, (_, i) => pool!.submit({ ...gen(200 + i, 2000), symbol: `L${i}` }, { queue: 'live' }).done)
    await Promise.all([...backfill, ...live])
    // B0 was already running when the live jobs came; live enters at the backfill's share and then
    // takes 4 dispatches for each backfill one, so all of live is done before B2.
    expect(order).toEqual(['B0', 'L0', 'B1', 'L1', 'L2', 'L3', 'B2', 'B3', 'B4', 'B5'])
  })

  it('resizes without losing work', async () => {
    pool = new Pool(nodeWorkerHost(), 1)
    pool.resize(3)
    expect(pool.stats().workers).toHaveLength(3)
    const jobs = [1, 2, 3, 4, 5, 6].map((s) => pool!.submit(gen(s, 20_000)).done)
    pool.resize(2)
    const done = await Promise.all(jobs)
    expect(done).toHaveLength(6)
    expect(pool.stats().workers).toHaveLength(2)
    expect(() => pool!.resize(0)).toThrow(/1–64/)
  })
})

describe('split jobs (a long generated series in segments)', () => {
  const COLUMNS = ['index', 'direction', 'top', 'bottom', 'mitigatedIndex', 'time', 'mitigatedTime'] as const
  const sameZones = (a: ScanJobResult, b: ScanJobResult) => {
    for (const col of COLUMNS) expect(Array.from(a.zones![col]), col).toEqual(Array.from(b.zones![col]))
  }

  it('merges the segments into exactly the unsplit scan, shown as one job with one result', async () => {
    const spec = { ...gen(5, 600_000), options: { ...defaultFvgOptions, mitigation: 'half' as const } }
    const whole = new Pool(nodeWorkerHost(), 1, { segmentCandles: 0 })
    let unsplit: ScanJobResult
    try {
      unsplit = await whole.submit(spec).done
      expect(whole.stats().workers[0].jobs).toBe(1)
    } finally {
      await whole.close()
    }
    pool = new Pool(nodeWorkerHost(), 2, { segmentCandles: 100_000 })
    const events: JobInfo[] = []
    const results: number[] = []
    pool.on('job', (j) => events.push(j))
    pool.on('progress', (j) => events.push(j))
    pool.on('result', (r) => results.push(r.job.id))
    const job = pool.submit(spec)
    const split = await job.done
    expect(split).toMatchObject({ candles: 600_000, fvgs: unsplit.fvgs, firstTime: unsplit.firstTime, lastTime: unsplit.lastTime, lastClose: unsplit.lastClose })
    sameZones(split, unsplit)
    // Many zones must have been mitigated in a later segment than their own for this to mean much.
    const crossing = Array.from(split.zones!.index).filter((i, k) => {
      const m = split.zones!.mitigatedIndex[k]
      return m >= 0 && Math.floor(i / 100_000) !== Math.floor(m / 100_000)
    })
    expect(crossing.length).toBeGreaterThan(100)
    // Outside the pool it is one job: every event is about it, and its progress only grows.
    expect(new Set(events.map((e) => e.id))).toEqual(new Set([job.id]))
    const progress = events.map((e) => e.progress)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(results).toEqual([job.id])
    expect(pool.job(job.id)).toMatchObject({ state: 'done', progress: 1 })
    const stats = pool.stats()
    expect(stats.workers.map((w) => w.jobs).reduce((a, b) => a + b)).toBe(6)  // how the six spread over the two workers is up to the scheduler
    expect(stats).toMatchObject({ done: 1, failed: 0 })
  })

  it('retries a segment whose worker is SIGKILLed and still merges exactly', async () => {
    const spec = gen(11, 400_000)
    const whole = new Pool(nodeWorkerHost(), 1, { segmentCandles: 0 })
    const unsplit = await whole.submit(spec).done.finally(() => whole.close())
    pool = new Pool(nodeWorkerHost(), 2, { segmentCandles: 100_000 })
    let killed = 0
    pool.on('job', (j) => {
      if (!killed && j.state === 'running' && j.workerPid) {
        killed = j.workerPid
        process.kill(j.workerPid, 'SIGKILL')
      }
    })
    const job = pool.submit(spec)
    sameZones(await job.done, unsplit)
    expect(killed).toBeGreaterThan(0)
    expect(pool.job(job.id)).toMatchObject({ state: 'done', attempts: 2 })
  })

  it('cancels every segment of a split job; the pool goes on', async () => {
    pool = new Pool(nodeWorkerHost(), 2, { segmentCandles: 100_000 })
    const big = pool.submit(gen(1, 3_000_000))
    await expect.poll(() => pool!.job(big.id)!.state).toBe('running')
    expect(pool.cancel(big.id)).toBe(true)
    await expect(big.done).rejects.toBeInstanceOf(JobCancelledError)
    const after = pool.submit(gen(2, 10_000))
    expect((await after.done).candles).toBe(10_000)
    const stats = pool.stats()
    expect(stats).toMatchObject({ cancelled: 1, done: 1, queued: 0, running: 0 })
    expect(stats.workers.map((w) => w.jobs).reduce((a, b) => a + b)).toBeLessThan(10)
  })

  it('keeps resampled series and joinConsecutive whole', async () => {
    pool = new Pool(nodeWorkerHost(), 2, { segmentCandles: 10_000 })
    await Promise.all([
      pool.submit({ ...gen(3, 50_000), timeframe: '5m' }).done,
      pool.submit({ ...gen(4, 50_000), options: { ...defaultFvgOptions, joinConsecutive: true } }).done,
    ])
    expect(pool.stats().workers.map((w) => w.jobs).reduce((a, b) => a + b)).toBe(2)
  })
})

describe('split files (a big CSV in byte ranges)', () => {
  /** Ranges of 1 MiB: the 6 MB file below in about 6. */
  const MIB = 1 << 20
  const COLUMNS = ['index', 'direction', 'top', 'bottom', 'mitigatedIndex', 'time', 'mitigatedTime'] as const
  const bigCsv = () => {
    const file = path.join(tempDir(), 'big.csv')
    writeCandlesCsv(file, generateCandles({ seed: 21, count: 120_000, intervalMs: 60_000, startPrice: 100 }))
    return { kind: 'scan', symbol: 'BIG', source: { kind: 'file', path: file }, options: defaultFvgOptions } satisfies ScanJobSpec
  }
  const wholeScan = async (spec: ScanJobSpec) => {
    const whole = new Pool(nodeWorkerHost(), 1, { rangeBytes: 0 })
    return whole.submit(spec).done.finally(() => whole.close())
  }
  const same = (a: ScanJobResult, b: ScanJobResult) => {
    expect({ ...a, timings: null }).toMatchObject({ ...b, timings: null, zones: expect.anything() })
    for (const col of COLUMNS) expect(Array.from(a.zones![col]), col).toEqual(Array.from(b.zones![col]))
  }

  it('parses and scans the ranges on the workers, merged into exactly the whole-file scan', async () => {
    const spec = bigCsv()
    const unsplit = await wholeScan(spec)
    pool = new Pool(nodeWorkerHost(), 2, { rangeBytes: MIB })
    const results: number[] = []
    pool.on('result', (r) => results.push(r.job.id))
    const job = pool.submit(spec)
    same(await job.done, unsplit)
    expect(results).toEqual([job.id])
    // Each range is a job a worker took (which worker is up to timing).
    expect(pool.stats().workers.map((w) => w.jobs).reduce((a, b) => a + b)).toBeGreaterThan(3)
  })

  it('cuts a file into a multiple of its workers: 4 ranges on 2 workers where 3 would do', async () => {
    const spec = bigCsv()
    const size = fs.statSync((spec.source as { path: string }).path).size
    const unsplit = await wholeScan(spec)
    pool = new Pool(nodeWorkerHost(), 2, { rangeBytes: Math.floor(size / 3) + 4096 })
    same(await pool.submit(spec).done, unsplit)
    expect(pool.stats().workers.map((w) => w.jobs).reduce((a, b) => a + b)).toBe(4)
  })

  it('keeps a file whole on one worker, where splitting would only add work', async () => {
    pool = new Pool(nodeWorkerHost(), 1, { rangeBytes: MIB })
    await pool.submit(bigCsv()).done
    expect(pool.stats().workers[0].jobs).toBe(1)
  })

  it('keeps a file whole when the caller says more work follows (split: false), even with a worker idle', async () => {
    pool = new Pool(nodeWorkerHost(), 2, { rangeBytes: MIB })
    await pool.submit(bigCsv(), { split: false }).done
    expect(pool.stats().workers.map((w) => w.jobs).reduce((a, b) => a + b)).toBe(1)
  })

  it('keeps a file whole behind queued jobs, where the workers have work anyway', async () => {
    pool = new Pool(nodeWorkerHost(), 2, { rangeBytes: MIB })
    const first = pool.submit(bigCsv())
    await Promise.all([first.done, pool.submit(bigCsv()).done])
    const jobs = pool.stats().workers.map((w) => w.jobs).reduce((a, b) => a + b)
    // The first file in ranges (more than 3), the second, submitted behind them, as one job.
    expect(jobs).toBeGreaterThan(4)
    const alone = new Pool(nodeWorkerHost(), 2, { rangeBytes: MIB })
    try {
      await alone.submit(bigCsv()).done
      expect(jobs).toBe(alone.stats().workers.map((w) => w.jobs).reduce((a, b) => a + b) + 1)
    } finally {
      await alone.close()
    }
  })

  it('retries a range whose worker is SIGKILLed and yields the exact result once', async () => {
    const spec = bigCsv()
    const unsplit = await wholeScan(spec)
    pool = new Pool(nodeWorkerHost(), 2, { rangeBytes: MIB })
    let killed = 0
    const results: number[] = []
    pool.on('result', (r) => results.push(r.job.id))
    pool.on('job', (j) => {
      if (!killed && j.state === 'running' && j.workerPid) {
        killed = j.workerPid
        process.kill(j.workerPid, 'SIGKILL')
      }
    })
    const job = pool.submit(spec)
    same(await job.done, unsplit)
    expect(killed).toBeGreaterThan(0)
    expect(results).toEqual([job.id])
    expect(pool.job(job.id)).toMatchObject({ state: 'done', attempts: 2 })
  })
})
