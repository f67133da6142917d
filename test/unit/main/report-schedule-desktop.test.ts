// The desktop's scheduled reports are printed by Electron's webContents.printToPDF (no Chromium
// needed), through the stub of 'electron' (test/stubs/electron.ts: the Electron binary cannot run
// here; printToPDF and executeJavaScript are its mocks). A real Engine on a temp data directory runs
// the schedule with main's printer: the PDF is what printToPDF made, from the report's own page in a
// hidden window, and the JSON is written directly; a print that fails raises the
// scheduled_report_failed alert (never a silent skip), which the next good run resolves.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import type * as ElectronStub from '../../stubs/electron.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import { desktopReportPrinter } from '../../../electron/main/report-export.ts'
import { ensureReportBuilt } from '../../integration/report/report-build.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import type { Alert } from '../../../shared/alerts.ts'
import { ReportSchema } from '../../../shared/report.ts'

const stub = electron as unknown as typeof ElectronStub
let engine: Engine | null = null
const savedPath = process.env.PATH

beforeAll(() => ensureReportBuilt())
beforeEach(() => {
  stub.calls.length = 0
  stub.WebContents.scriptResults = {}
  // No Chromium on PATH: only printToPDF can make these PDFs.
  process.env.PATH = ''
})
afterEach(async () => {
  process.env.PATH = savedPath
  await engine?.stop()
  engine = null
})

const failing = async (e: Engine) => ((await e.call('alertsActive', {})) as Alert[]).filter((a) => a.rule === 'scheduled_report_failed')

describe('desktop scheduled reports', () => {
  it('prints the PDF with printToPDF and writes the JSON directly', async () => {
    const dir = tempDir('gw-sched-desktop-')
    engine = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU, printReport: desktopReportPrinter() })
    await engine.call('setSettings', { reportSchedule: { enabled: true, cron: '0 17 * * *', tz: 'Europe/London' } })
    const before = stub.BrowserWindow.instances.length
    const stored = await engine.reports.run(Date.parse('2026-12-01T17:00:00Z'))
    expect(stored).toMatchObject({ name: 'gapwatch-report-20261201T170000Z', pdf: 'gapwatch-report-20261201T170000Z.pdf', json: 'gapwatch-report-20261201T170000Z.json' })
    expect(fs.readFileSync(path.join(dir, 'reports', stored!.pdf!), 'utf8')).toBe('%PDF-stub')
    const report = ReportSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'reports', stored!.json!), 'utf8')))
    expect(report.period).toMatchObject({ to: '2026-12-01T17:00:00.000Z', preset: 'day' })
    // The page printed was the report's self-contained page, in a hidden window destroyed after.
    const [win] = stub.BrowserWindow.instances.slice(before)
    expect(win.options).toMatchObject({ show: false })
    expect(win.destroyed).toBe(true)
    expect(stub.calls.find((c) => c.api === 'webContents.printToPDF')!.args[0]).toMatchObject({ pageSize: 'A4', printBackground: true })
    expect(await failing(engine)).toEqual([])
  })

  it('a print that fails raises an alert; the next good run resolves it', async () => {
    const dir = tempDir('gw-sched-desktop-')
    engine = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU, printReport: desktopReportPrinter(undefined, 100) })
    await engine.call('setSettings', { reportSchedule: { enabled: true, cron: '0 17 * * *', tz: 'UTC', formats: ['pdf', 'json'] } })
    stub.WebContents.scriptResults = { 'window.__reportReady === true': false }
    const stored = await engine.reports.run(Date.parse('2026-12-01T17:00:00Z'))
    expect(stored).toMatchObject({ json: 'gapwatch-report-20261201T170000Z.json', pdf: null })
    const [alert] = await failing(engine)
    expect(alert).toMatchObject({ severity: 'warning' })
    expect(alert.message).toBe('The scheduled report of 2026-12-01T17:00:00.000Z has no PDF (its JSON was written): The report page did not finish drawing its charts.')
    stub.WebContents.scriptResults = {}
    await engine.reports.run(Date.parse('2026-12-02T17:00:00Z'))
    await expect.poll(async () => (await failing(engine!)).map((a) => a.state)).not.toContain('firing')
  })
})
