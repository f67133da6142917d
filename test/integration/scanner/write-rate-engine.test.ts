// The status bar's "written/h" at rest: when a scan burst is over (the pool's last job has finished,
// real worker processes) the write rate's window starts again, so the burst's writes (the first-run scan's,
// an import's) are not read as the engine's steady rate for the next ten minutes. The counter
// since start keeps them (on a disk: tmpfs writes no blocks, so the counter is not asserted here).
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import type { Telemetry } from '../../../shared/contract.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

describe('engine write rate', () => {
  // workerIdleSec 0: the workers never exit, so the restart cannot hang on their exit (as it once did).
  it("starts again when the scan burst's last job has finished, the workers still alive", async () => {
    let last: Telemetry | null = null
    engine = new Engine({ dataDir: tempDir('gw-write-rate-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 250 })
    const e = engine
    e.on('telemetry', (t: Telemetry) => (last = t))
    await e.call('setSettings', { workerIdleSec: 0 })
    await e.start()
    // Readings spanning 10 s: the rate is a number.
    await expect.poll(() => last?.diskWrittenBytesPerHour ?? null, { timeout: 30_000, interval: 100 }).not.toBeNull()
    const done = new Promise<void>((resolve) => e.on('poolJob', (j) => j.state === 'done' && resolve()))
    await e.call('scanStart', { symbols: ['EURUSD'] })
    await done
    // The first reading after the burst has no span yet, so no rate (a figure here would hold the burst).
    await expect.poll(() => last?.diskWrittenBytesPerHour, { timeout: 30_000, interval: 20 }).toBeNull()
    expect(e.scanner.poolStatus().stats.workers.length).toBeGreaterThan(0)
    await expect.poll(() => last?.diskWrittenBytesPerHour ?? null, { timeout: 30_000, interval: 100 }).not.toBeNull()
  }, 90_000)

  it("does not start again after a chart's candle job: only a scan burst restarts it", async () => {
    let last: Telemetry | null = null
    engine = new Engine({ dataDir: tempDir('gw-write-rate-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 250 })
    const e = engine
    e.on('telemetry', (t: Telemetry) => (last = t))
    await e.start()
    await expect.poll(() => last?.diskWrittenBytesPerHour ?? null, { timeout: 30_000, interval: 100 }).not.toBeNull()
    // EURUSD is the bundled CSV file: a fresh data directory has no candle cache, so a worker parses it.
    const idle = new Promise<void>((resolve) => e.on('poolStats', (s) => s.stats.running === 0 && s.stats.queued === 0 && resolve()))
    const candles = (await e.call('candles', { symbol: 'EURUSD', limit: 10 })) as { time: number[] }
    expect(candles.time.length).toBe(10)
    expect(e.scanner.poolStatus().stats.done).toBe(1) // the chart's candles took a worker job
    await idle // the moment a scan burst's end restarts the window
    // The next reading still spans the window: a restart would make it null (the test above).
    const next = new Promise<Telemetry>((resolve) => e.on('telemetry', resolve))
    expect((await next).diskWrittenBytesPerHour).not.toBeNull()
  }, 90_000)
})
