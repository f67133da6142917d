// A pool worker killed mid-job (real worker processes) is counted as a crash and fires the default
// "pool worker crashed" alert; the exits the pool asks for (idle, close) are not crashes. And in the
// Engine: the crash reaches the store's series and the alert through the live sampler.
import { afterEach, describe, expect, it } from 'vitest'
import { Pool } from '../../../electron/engine/pool/pool.ts'
import { nodeWorkerHost } from '../../../electron/engine/pool/worker-host.ts'
import { ObservedHost } from '../../../electron/engine/pool/observed-host.ts'
import { PoolMetrics } from '../../../electron/engine/alerts/pool-metrics.ts'
import { defaultRules } from '../../../electron/engine/alerts/defaults.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import { POOL_METRICS, type AlertEvent } from '../../../shared/alerts.ts'
import type { QueryResult } from '../../../shared/contract.ts'
import { defaultFvgOptions } from '../../../shared/fvg.ts'
import type { ScanJobSpec } from '../../../electron/engine/pool/protocol.ts'
import { harness } from '../../unit/engine/alerts/helpers.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const gen = (seed: number, count: number): ScanJobSpec => ({
  kind: 'scan',
  symbol: `GEN${seed}`,
  source: { kind: 'generated', seed, count, intervalMs: 60_000, startPrice: 100 },
  options: defaultFvgOptions,
})
const crashesOf = (vs: Array<[string, number]>) => vs.find(([n]) => n === POOL_METRICS.workerCrashes)![1]

let pool: Pool | null = null
let engine: Engine | null = null
afterEach(async () => {
  await pool?.close()
  pool = null
  await engine?.stop()
  engine = null
})

describe('pool worker crashes', () => {
  it('a worker SIGKILLed mid-job counts once and fires the default crash alert; idle exits and close do not count', async () => {
    const metrics = new PoolMetrics()
    pool = new Pool(new ObservedHost(nodeWorkerHost(), [metrics]), 1, { idleExitMs: 50 })
    let killed = 0
    pool.on('job', (j) => {
      if (j.state === 'running' && j.attempts === 1 && j.workerPid && killed === 0) {
        killed = j.workerPid
        process.kill(j.workerPid, 'SIGKILL')
      }
    })
    const r = await pool.submit(gen(3, 200_000)).done
    expect(r.candles).toBe(200_000) // retried on a new worker
    expect(killed).toBeGreaterThan(0)

    const rules = defaultRules.filter((x) => x.name === 'pool-worker-crashed')
    const h = harness([...rules])
    h.engine.onSample(h.clock.t, metrics.values(h.clock.t))
    expect(h.events.map((e) => `${e.rule}:${e.state}`)).toEqual(['pool-worker-crashed:firing'])
    expect(h.events[0].notify).toBe(true)
    // The count starts again: the next samples see no crash, and keep_firing_for (10m) holds it.
    h.clock.t += 1000
    expect(crashesOf(metrics.values(h.clock.t))).toBe(0)
    h.engine.onSample(h.clock.t, metrics.values(h.clock.t))
    expect(h.engine.active().map((a) => a.state)).toEqual(['firing'])
    h.clock.t += 10 * 60_000
    h.engine.onSample(h.clock.t, metrics.values(h.clock.t))
    expect(h.events.at(-1)).toMatchObject({ rule: 'pool-worker-crashed', state: 'resolved' })

    // The pool ends its idle worker (50 ms) and then closes: neither is a crash.
    await expect.poll(() => pool!.stats().workers.length, { interval: 20 }).toBe(0)
    await pool.close()
    pool = null
    expect(crashesOf(metrics.values(h.clock.t))).toBe(0)
  })

  it('in the engine: a killed scan worker fires pool-worker-crashed from the live samples', async () => {
    engine = new Engine({ dataDir: tempDir('gw-pool-crash-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 250 })
    const e = engine
    const alerts: AlertEvent[] = []
    e.on('alert', (a) => alerts.push(a))
    let killed = 0
    e.on('poolJob', (j) => {
      if (j.state === 'running' && j.attempts === 1 && j.workerPid && killed === 0) {
        killed = j.workerPid
        process.kill(j.workerPid, 'SIGKILL')
      }
    })
    await e.start()
    const from = Date.now()
    await e.call('scanStart', { symbols: ['EURUSD'] })
    await expect.poll(() => alerts.some((a) => a.rule === 'pool-worker-crashed' && a.state === 'firing')).toBe(true)
    expect(killed).toBeGreaterThan(0)
    // The series is history too (charts, backtests): the crash is in the store.
    const q = (await e.call('query', { metrics: [POOL_METRICS.workerCrashes, POOL_METRICS.busyWorkers], from, to: Date.now() + 1000 })) as QueryResult
    const crashes = q.series.find((s) => s.metric === POOL_METRICS.workerCrashes)!.buckets
    expect(Math.max(...crashes.map((b) => b[2]))).toBe(1)
    expect(q.series.find((s) => s.metric === POOL_METRICS.busyWorkers)!.buckets.length).toBeGreaterThan(0)
  })
})
