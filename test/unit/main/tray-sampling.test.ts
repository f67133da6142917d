// The tray's "Pause sampling" / "Resume sampling" item, through the stub of 'electron'
// (test/stubs/electron.ts: the binary cannot run here), with a real Engine on a temp data dir.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type * as ElectronStub from '../../stubs/electron.ts'
import { createTray, PAUSE_SAMPLING, RESUME_SAMPLING } from '../../../electron/main/tray.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import type { Health } from '../../../shared/contract.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

describe('tray: pause sampling', () => {
  it('pauses and resumes sampling from the menu, and follows a pause made elsewhere', async () => {
    engine = new Engine({ dataDir: tempDir('gw-tray-pause-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 60_000 })
    const e = engine
    const t = createTray(e, { resourcesDir: '/res', showWindow: () => {}, quit: () => {} })
    const tray = t.tray as unknown as InstanceType<typeof ElectronStub.Tray>
    const labels = () => (tray.menu!.template as Array<{ label?: string }>).map((i) => i.label)
    const item = (label: string) => (tray.menu!.template as Array<{ label?: string; click?: () => void }>).find((i) => i.label === label)
    const paused = async () => ((await e.call('health', {})) as Health).sampling.paused
    try {
      expect(labels()).toContain(PAUSE_SAMPLING)
      item(PAUSE_SAMPLING)!.click!()
      await vi.waitFor(async () => expect(await paused()).toBe(true))
      await vi.waitFor(() => expect(labels()).toContain(RESUME_SAMPLING))
      expect(labels()).not.toContain(PAUSE_SAMPLING)
      item(RESUME_SAMPLING)!.click!()
      await vi.waitFor(async () => expect(await paused()).toBe(false))
      await vi.waitFor(() => expect(labels()).toContain(PAUSE_SAMPLING))
      // Paused from the dashboard (the contract): the tray's item follows the `sampling` event.
      await e.call('samplingPause', {})
      expect(labels()).toContain(RESUME_SAMPLING)
    } finally {
      t.dispose()
    }
  })
})
