// Saving the Reports view's preview (saveReport) through the Electron stub (test/stubs/electron.ts, a
// mock of the Electron binary that cannot run here: printToPDF, executeJavaScript and the save dialog
// answer as a test sets them): the dialog starts in the folder chosen last, JSON is written directly,
// PDF is printed by printToPDF in a hidden window that is then destroyed, and a cancel writes nothing.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import type * as ElectronStub from '../../stubs/electron.ts'
import { saveReport } from '../../../electron/main/report-export.ts'
import { openDatabase, MetricStore, ZoneStore } from '../../../electron/engine/store/index.ts'
import { buildReport, thisHost } from '../../../electron/engine/report/index.ts'
import { ensureReportBuilt } from '../../integration/report/report-build.ts'
import { tempDir } from '../../helpers/temp.ts'
import type { Report } from '../../../shared/report.ts'

const { BrowserWindow, WebContents, calls, dialog } = electron as unknown as typeof ElectronStub

let model: Report
const engine = { call: async () => model }

beforeAll(async () => {
  await ensureReportBuilt()
  const db = openDatabase(':memory:')
  const metrics = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 } })
  const now = Date.now()
  for (let i = 0; i < 60; i++) metrics.append(now - 3_600_000 + i * 1000, [['cpu.total', i]])
  metrics.flush()
  const zones = new ZoneStore(db)
  model = buildReport({ metrics, db, databaseBytes: 0, scans: () => zones.scans(), host: thisHost(), now }, { from: now - 86_400_000, to: now, preset: 'day' })
  db.close()
})
beforeEach(() => {
  calls.length = 0
  BrowserWindow.instances.length = 0
  WebContents.scriptResults = {}
})
afterEach(() => BrowserWindow.instances.forEach((w) => w.destroyed || w.destroy()))

const windows = () => BrowserWindow.instances
const period = () => ({ from: Date.parse(model.period.from), to: Date.parse(model.period.to) })
const dialogCalls = () => calls.filter((c) => c.api === 'dialog.showSaveDialog').map((c) => c.args.at(-1) as { defaultPath: string }) // (parent, options) or (options)

describe('desktop report export', () => {
  it('writes JSON where the dialog says and remembers the folder', async () => {
    const dir = tempDir('gw-export-')
    const stateFile = path.join(dir, 'userData', 'report-export.json')
    const out = path.join(dir, 'chosen', 'week.json')
    fs.mkdirSync(path.dirname(out))
    ;dialog.saveDialogAnswer = { canceled: false, filePath: out }
    expect(await saveReport(engine, { format: 'json', ...period() }, { stateFile })).toBe(out)
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(model)
    expect(windows()).toEqual([]) // JSON needs no page
    expect(dialogCalls()[0].defaultPath).toBe(path.join('/tmp', `gapwatch-report-${model.period.from.slice(0, 10)}-${model.period.to.slice(0, 10)}.json`))
    // The next export starts in the folder chosen.
    ;dialog.saveDialogAnswer = { canceled: true }
    expect(await saveReport(engine, { format: 'pdf', ...period() }, { stateFile })).toBeNull()
    expect(path.dirname(dialogCalls()[1].defaultPath)).toBe(path.join(dir, 'chosen'))
  })

  it('prints the PDF with printToPDF in a hidden window once the page is drawn, then destroys it', async () => {
    const dir = tempDir('gw-export-')
    const out = path.join(dir, 'r.pdf')
    ;dialog.saveDialogAnswer = { canceled: false, filePath: out }
    expect(await saveReport(engine, { format: 'pdf', ...period() }, { stateFile: path.join(dir, 's.json') })).toBe(out)
    expect(fs.readFileSync(out, 'utf8')).toBe('%PDF-stub')
    const [hidden] = windows()
    expect(hidden.options).toMatchObject({ show: false })
    expect(hidden.destroyed).toBe(true)
    expect(fs.existsSync(hidden.loaded!)).toBe(false) // its temporary page is removed
    const order = calls.map((c) => c.api).filter((a) => a.startsWith('webContents.'))
    expect(order).toEqual(['webContents.executeJavaScript', 'webContents.printToPDF'])
    expect(calls.find((c) => c.api === 'webContents.printToPDF')!.args[0]).toMatchObject({ pageSize: 'A4', printBackground: true })
  })

  it('a page that never finishes drawing fails the export with a message, and nothing is written', async () => {
    const dir = tempDir('gw-export-')
    const out = path.join(dir, 'r.pdf')
    ;dialog.saveDialogAnswer = { canceled: false, filePath: out }
    WebContents.scriptResults = { 'window.__reportReady === true': false }
    await expect(saveReport(engine, { format: 'pdf', ...period() }, { stateFile: path.join(dir, 's.json'), readyTimeoutMs: 200 })).rejects.toThrow('The report page did not finish drawing its charts.')
    expect(fs.existsSync(out)).toBe(false)
    expect(windows()[0].destroyed).toBe(true)
  })
})
