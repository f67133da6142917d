// The engine runs the alert engine's time-driven checks after each sample (no timer of their own);
// when samples stop without a pause — a stalled sampler — its backstop timer still runs them, so the
// "sampler stalled" alert fires.
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import type { AlertEvent } from '../../../shared/alerts.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

describe('alert checks without samples', () => {
  it('fire "sampler stalled" from the backstop when the sampler stops ticking', async () => {
    engine = new Engine({ dataDir: tempDir('gw-stalled-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 250 })
    const e = engine
    const samples: number[] = []
    const alerts: AlertEvent[] = []
    e.on('sample', (s) => samples.push(s.t))
    e.on('alert', (a) => alerts.push(a))
    await e.start()
    await expect.poll(() => samples.length).toBeGreaterThan(1)
    expect(alerts.filter((a) => a.rule === 'sampler-stalled')).toEqual([])
    // The sampler stops without the engine knowing (as if its tick hung): no sample, no pause.
    await (e as unknown as { sampler: { stop(): Promise<void> } }).sampler.stop()
    await expect.poll(() => alerts.filter((a) => a.rule === 'sampler-stalled').map((a) => a.state)).toContain('firing')
  })
})
