// The engine keeps the pool's recent history, so a dashboard opened after the first-run scan still
// draws it: throughput while the workers ran, queue depth from full to empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { commands } from '../../../shared/contract.ts'
import { tempDir } from '../../helpers/serve.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

let engine: Engine
const idle = async () => {
  const s = (await engine.call('poolStatus', {})) as { stats: { running: number; queued: number } }
  return s.stats.running + s.stats.queued === 0
}

beforeAll(async () => {
  engine = new Engine({ dataDir: tempDir('gw-pool-history-'), nvidiaSmi: NO_GPU })
  await engine.start()
})
afterAll(async () => {
  await engine.stop()
})

describe('poolHistory', () => {
  it('holds the first-run scan: queued jobs, then throughput, then an idle pool', async () => {
    const history = async () => commands.poolHistory.result.parse(await engine.call('poolHistory', {}))
    // The first-run scan starts with the engine and may not be queued yet: wait for the pool to have
    // worked and gone idle again (the idle snapshot is recorded on the stats timer's next tick).
    await expect
      .poll(async () => {
        const points = await history()
        return points.some((p) => p.queued + p.running > 0) && points.at(-1)!.queued + points.at(-1)!.running === 0 && (await idle())
      }, { timeout: 60_000, interval: 200 })
      .toBe(true)
    const points = await history()
    expect(points.length).toBeGreaterThanOrEqual(2)
    expect(points.map((p) => p.t)).toEqual([...points.map((p) => p.t)].sort((a, b) => a - b))
    expect(points.some((p) => p.queued + p.running > 0)).toBe(true)
    expect(points.some((p) => p.candlesPerSec > 0)).toBe(true)
    expect(points.at(-1)).toMatchObject({ queued: 0, running: 0 })
  }, 90_000)
})
