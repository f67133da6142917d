// samplingPause / samplingResume through the contract on a real Engine: the state in health, the
// `sampling` event, no samples while paused, no "sampler stalled" alert for the pause, and samples
// again after the resume.
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import type { Health } from '../../../shared/contract.ts'
import type { AlertEvent } from '../../../shared/alerts.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

describe('pause sampling in the engine', () => {
  it('stops samples without alerting, reports the state, and resumes', async () => {
    engine = new Engine({ dataDir: tempDir('gw-pause-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 250 })
    const e = engine
    const samples: number[] = []
    const alerts: AlertEvent[] = []
    const states: boolean[] = []
    e.on('sample', (s) => samples.push(s.t))
    e.on('alert', (a) => alerts.push(a))
    e.on('sampling', (s) => states.push(s.paused))
    await e.start()
    await expect.poll(() => samples.length).toBeGreaterThan(1)

    const before = Date.now()
    const paused = await e.call('samplingPause', {})
    expect(paused).toMatchObject({ paused: true })
    expect((paused as Health['sampling']).since).toBeGreaterThanOrEqual(before)
    expect(((await e.call('health', {})) as Health).sampling.paused).toBe(true)
    expect(states).toEqual([true])
    const count = samples.length
    // Absence can only be shown by waiting: 8 sample intervals, then the alert checks as if a minute passed.
    await new Promise((r) => setTimeout(r, 2000))
    expect(samples.length).toBe(count)
    e.alerts.engine.tick(Date.now() + 60_000)
    expect(alerts.filter((a) => a.rule === 'sampler-stalled')).toEqual([])

    const resumedAt = Date.now()
    expect(await e.call('samplingResume', {})).toEqual({ paused: false, since: null })
    expect(states).toEqual([true, false])
    await expect.poll(() => samples.length).toBeGreaterThan(count)
    expect(samples[count]).toBeGreaterThanOrEqual(resumedAt)
    expect(((await e.call('health', {})) as Health).sampling).toEqual({ paused: false, since: null })
  })
})
