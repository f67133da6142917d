// Scheduled reports inside the Engine: a run missed while it was stopped is run at start, its JSON
// written into <data dir>/reports and listed by reportsList; the PDF failing (no Chromium here: PATH
// emptied) raises an alert instead of being skipped silently.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { tempDir } from '../../helpers/temp.ts'
import type { Alert } from '../../../shared/alerts.ts'
import type { StoredReport } from '../../../shared/report.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const engines: Engine[] = []
const savedPath = process.env.PATH
afterEach(async () => {
  process.env.PATH = savedPath
  for (const e of engines.splice(0)) await e.stop()
})

describe('scheduled reports in the engine', () => {
  it('runs the missed report at start and raises an alert when its PDF cannot be printed', async () => {
    const dir = tempDir('gw-sched-engine-')
    const engine = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    engines.push(engine)
    await engine.call('setSettings', { reportSchedule: { enabled: true, cron: '0 * * * *', tz: 'UTC', preset: 'day', keep: 5 } })
    // The last run three hours ago: the hourly runs since were missed while the engine was stopped.
    fs.mkdirSync(path.join(dir, 'reports'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'reports', 'schedule-state.json'), JSON.stringify({ lastRun: Date.now() - 3 * 3_600_000 }))
    process.env.PATH = ''
    await engine.start()
    await expect.poll(async () => ((await engine.call('reportsList', {})) as StoredReport[]).length).toBe(1)
    const [stored] = (await engine.call('reportsList', {})) as StoredReport[]
    expect(stored.json).toMatch(/^gapwatch-report-\d{8}T\d{4}00Z\.json$/)
    expect(stored.pdf).toBeNull()
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'reports', stored.json!), 'utf8')) as { period: { preset: string } }
    expect(report.period.preset).toBe('day')
    await expect.poll(async () => ((await engine.call('alertsActive', {})) as Alert[]).map((a) => a.rule)).toContain('scheduled_report_failed')
    const alert = ((await engine.call('alertsActive', {})) as Alert[]).find((a) => a.rule === 'scheduled_report_failed')!
    expect(alert.severity).toBe('warning')
    expect(alert.message).toMatch(/has no PDF \(its JSON was written\): A PDF needs a local Chromium/)
  })
})
