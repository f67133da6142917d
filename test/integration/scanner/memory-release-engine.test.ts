// The engine asks for the memory-reducing GC once when a scan burst is over (its pool's workers have
// exited, real worker processes), not on every sample, and not while workers are alive; it runs at the
// end of a sample's handling (its pause then takes from the idle rest of the interval), or of the
// backstop's quiet check while sampling is paused. A start that runs no scan (a restart) releases
// once too, START_SETTLE_MS after it; one that starts workers leaves it to their exit.
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { START_SETTLE_MS } from '../../../electron/engine/scan-burst.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

describe('engine memory release', () => {
  it('reduces memory once after the idle workers exit, and not again on later samples', async () => {
    let released = 0
    let workersAtRelease = -1
    let samples = 0
    // True from a sample's handling (its telemetry event) to the next turn of the event loop.
    let inSampleTurn = false
    let releasedInSampleTurn = false
    engine = new Engine({
      dataDir: tempDir('gw-memory-release-'),
      scanOnFirstRun: false,
      nvidiaSmi: NO_GPU,
      intervalMs: 250,
      reduceMemory: () => {
        released++
        workersAtRelease = (engine!.scanner.poolStatus().stats.workers.length)
        releasedInSampleTurn = inSampleTurn
      },
    })
    const e = engine
    e.on('sample', () => samples++)
    e.on('telemetry', () => {
      inSampleTurn = true
      setImmediate(() => (inSampleTurn = false))
    })
    await e.call('setSettings', { workerIdleSec: 1 })
    await e.start()
    const done = new Promise<void>((resolve) => e.on('poolJob', (j) => j.state === 'done' && resolve()))
    await e.call('scanStart', { symbols: ['EURUSD'] })
    await done
    expect(released).toBe(0) // the workers wait a second for more work
    await expect.poll(() => released, { timeout: 30_000, interval: 50 }).toBe(1)
    expect(workersAtRelease).toBe(0)
    expect(releasedInSampleTurn).toBe(true)
    const after = samples
    await expect.poll(() => samples, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(after + 8) // two more seconds of samples
    expect(released).toBe(1)
  })

  it('releases while sampling is paused too, from the quiet check', async () => {
    let released = 0
    engine = new Engine({
      dataDir: tempDir('gw-memory-release-'),
      scanOnFirstRun: false,
      nvidiaSmi: NO_GPU,
      intervalMs: 250,
      reduceMemory: () => released++,
    })
    const e = engine
    await e.call('setSettings', { workerIdleSec: 1 })
    await e.start()
    await e.call('samplingPause', {})
    const done = new Promise<void>((resolve) => e.on('poolJob', (j) => j.state === 'done' && resolve()))
    await e.call('scanStart', { symbols: ['EURUSD'] })
    await done
    await expect.poll(() => released, { timeout: 30_000, interval: 50 }).toBe(1)
  })

  it('a start that runs no scan releases once, START_SETTLE_MS after it, at the end of a sample', async () => {
    let released = 0
    let releasedAfter = -1
    let samples = 0
    let inSampleTurn = false
    let releasedInSampleTurn = false
    engine = new Engine({
      dataDir: tempDir('gw-memory-release-'),
      scanOnFirstRun: false,
      nvidiaSmi: NO_GPU,
      intervalMs: 250,
      reduceMemory: () => {
        released++
        releasedAfter = performance.now() - t0
        releasedInSampleTurn = inSampleTurn
      },
    })
    const e = engine
    e.on('sample', () => samples++)
    e.on('telemetry', () => {
      inSampleTurn = true
      setImmediate(() => (inSampleTurn = false))
    })
    const t0 = performance.now()
    await e.start()
    await expect.poll(() => released, { timeout: START_SETTLE_MS + 30_000, interval: 50 }).toBe(1)
    expect(releasedAfter).toBeGreaterThanOrEqual(START_SETTLE_MS)
    expect(releasedInSampleTurn).toBe(true)
    const after = samples
    await expect.poll(() => samples, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(after + 8)
    expect(released).toBe(1)
  }, START_SETTLE_MS + 70_000)
})
