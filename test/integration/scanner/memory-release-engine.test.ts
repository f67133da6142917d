// The engine asks for the memory-reducing GC once when a scan burst is over (its pool's workers have
// exited, real worker processes), not on every sample, and not while workers are alive.
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
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
    engine = new Engine({
      dataDir: tempDir('gw-memory-release-'),
      scanOnFirstRun: false,
      nvidiaSmi: NO_GPU,
      intervalMs: 250,
      reduceMemory: () => {
        released++
        workersAtRelease = (engine!.scanner.poolStatus().stats.workers.length)
      },
    })
    const e = engine
    e.on('sample', () => samples++)
    await e.call('setSettings', { workerIdleSec: 1 })
    await e.start()
    const done = new Promise<void>((resolve) => e.on('poolJob', (j) => j.state === 'done' && resolve()))
    await e.call('scanStart', { symbols: ['EURUSD'] })
    await done
    expect(released).toBe(0) // the workers wait a second for more work
    await expect.poll(() => released, { timeout: 30_000, interval: 50 }).toBe(1)
    expect(workersAtRelease).toBe(0)
    const after = samples
    await expect.poll(() => samples, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(after + 8) // two more seconds of samples
    expect(released).toBe(1)
  })
})
