// A settings change could schedule reports every second ("* * * * * *"): the engine then built a
// report every second and kept a Chromium printing back to back, for good (16 reports in 15 s without
// the page built; with it a month's PDF every ~5 s). Scheduled reports now run at most hourly; a denser
// cron is refused with the field named, over the contract (WebSocket, IPC) as in the schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import type { Settings } from '../../shared/settings.ts'
import { ReportScheduleSchema } from '../../shared/report.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { tempDir } from '../helpers/temp.ts'

describe('scheduled reports run at most hourly', () => {
  it.each(['* * * * * *', '*/5 * * * * *', '* * * * *', '*/30 * * * *', '* * 1 * *'])('refuses %s', (cron) => {
    const r = ReportScheduleSchema.safeParse({ enabled: true, cron })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]).toMatchObject({ path: ['cron'], message: expect.stringMatching(/more often than hourly/) })
  })

  it.each(['0 * * * *', '0 */2 * * *', '0 17 * * 1-5', '0,1 17 * * *', '0 0 29 2 *'])('accepts %s', (cron) => {
    expect(ReportScheduleSchema.safeParse({ enabled: true, cron }).success).toBe(true)
  })

  it.each(['0 0 30 2 *', '0 0 31 4 *'])('refuses %s, which never runs, saying so', (cron) => {
    const r = ReportScheduleSchema.safeParse({ enabled: true, cron })
    expect(r.error?.issues[0]).toMatchObject({ path: ['cron'], message: expect.stringMatching(/^never runs: no such day/) })
  })

  describe('through the engine', () => {
    let engine: Engine
    beforeAll(() => {
      engine = new Engine({ dataDir: tempDir('gw-schedule-rate-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    })
    afterAll(async () => {
      await engine.stop()
    })

    it('setSettings refuses an every-second schedule, naming the field, and keeps the saved one', async () => {
      const before = (await engine.call('getSettings', {})) as Settings
      await expect(engine.call('setSettings', { reportSchedule: { enabled: true, cron: '* * * * * *', tz: 'UTC', preset: 'day', keep: 1000 } })).rejects.toThrow(
        /reportSchedule\.cron: runs more often than hourly/,
      )
      expect(((await engine.call('getSettings', {})) as Settings).reportSchedule).toEqual(before.reportSchedule)
      expect(engine.reports.next).toBeNull()
    })
  })
})
