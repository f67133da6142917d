// The app's "Save PDF" / "Save JSON" over IPC, through the stub of 'electron' (test/stubs/electron.ts:
// the Electron binary cannot run here; its save dialog, printToPDF and executeJavaScript are mocks
// that answer as the test sets them). The page calls window.gapwatchDesktop.saveReport from the real
// preload; main validates the argument (hostile: nothing is built, asked or written for a bad one),
// checks the sender, asks the engine for exactly the period previewed, then writes JSON directly or
// prints the page with printToPDF in a hidden window; the dialog remembers the folder. "Open" of a
// scheduled report opens only a file the scheduler names, inside the reports folder.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import type * as ElectronStub from '../../stubs/electron.ts'
import { bridgeReportSave } from '../../../electron/main/report-ipc.ts'
import { openDatabase, MetricStore, ZoneStore } from '../../../electron/engine/store/index.ts'
import { buildReport, thisHost } from '../../../electron/engine/report/index.ts'
import { ensureReportBuilt } from '../../integration/report/report-build.ts'
import { tempDir } from '../../helpers/temp.ts'
import type { Report, ReportParams } from '../../../shared/report.ts'
import type { DesktopReports } from '../../../shared/report-export.ts'
import { IPC_REPORT_OPEN, IPC_REPORT_SAVE } from '../../../shared/ipc.ts'

const stub = electron as unknown as typeof ElectronStub
const APP = 'file:///app/index.html'
const from = Date.UTC(2026, 10, 23)
const to = Date.UTC(2026, 10, 30)
const REPORTS = '/data/reports'

let model: Report
const asked: ReportParams[] = []
const engine = { call: async (_name: 'report', p: ReportParams) => (asked.push(p), model) }
let win: InstanceType<typeof stub.BrowserWindow>
let desktop: DesktopReports
let stateFile: string
let off: () => void

beforeAll(async () => {
  await ensureReportBuilt()
  const db = openDatabase(':memory:')
  const metrics = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 } })
  const zones = new ZoneStore(db)
  model = buildReport({ metrics, db, databaseBytes: 0, scans: () => zones.scans(), host: thisHost(), now: to }, { from, to, preset: null })
  db.close()
  win = new stub.BrowserWindow({})
  stateFile = path.join(tempDir('gw-save-ipc-'), 'userData', 'report-export.json')
  off = bridgeReportSave(engine, () => win.webContents as unknown as electron.WebContents, { appUrl: APP, stateFile, reportsDir: REPORTS, log: () => {} })
  await import('../../../electron/preload/index.ts')
  desktop = stub.exposed.gapwatchDesktop as DesktopReports
})
afterAll(() => off())
beforeEach(() => {
  stub.calls.length = 0
  asked.length = 0
  stub.WebContents.scriptResults = {}
  stub.ipcSender.sender = win.webContents
  stub.ipcSender.senderFrame = win.webContents.mainFrame
})

const dialogs = () => stub.calls.filter((c) => c.api === 'dialog.showSaveDialog').map((c) => c.args.at(-1) as { defaultPath: string; filters: unknown })

describe('Save PDF / Save JSON from the app', () => {
  it('JSON: the engine is asked for the period previewed, the file is written where the dialog says, the folder remembered', async () => {
    const out = path.join(tempDir('gw-save-out-'), 'r.json')
    stub.dialog.saveDialogAnswer = { canceled: false, filePath: out }
    expect(await desktop.saveReport({ format: 'json', from, to })).toBe(out)
    expect(asked).toEqual([{ from, to }])
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(model)
    expect(dialogs()[0]).toMatchObject({ defaultPath: path.join('/tmp', 'gapwatch-report-2026-11-23-2026-11-30.json'), filters: [{ name: 'JSON', extensions: ['json'] }] })
    expect(stub.calls.some((c) => c.api === 'webContents.printToPDF')).toBe(false)
    // The next save starts in the folder chosen; a cancel writes nothing and answers null.
    stub.dialog.saveDialogAnswer = { canceled: true }
    expect(await desktop.saveReport({ format: 'pdf', from, to })).toBeNull()
    expect(dialogs()[1].defaultPath).toBe(path.join(path.dirname(out), 'gapwatch-report-2026-11-23-2026-11-30.pdf'))
  })

  it('PDF: printed by printToPDF in a hidden window, which is then destroyed', async () => {
    const out = path.join(tempDir('gw-save-out-'), 'r.pdf')
    stub.dialog.saveDialogAnswer = { canceled: false, filePath: out }
    const before = stub.BrowserWindow.instances.length
    expect(await desktop.saveReport({ format: 'pdf', from, to })).toBe(out)
    expect(fs.readFileSync(out, 'utf8')).toBe('%PDF-stub')
    const hidden = stub.BrowserWindow.instances.slice(before)
    expect(hidden).toHaveLength(1)
    expect(hidden[0].options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } })
    expect(hidden[0].destroyed).toBe(true)
    expect(stub.calls.map((c) => c.api).filter((a) => a.startsWith('webContents.'))).toEqual(['webContents.executeJavaScript', 'webContents.printToPDF'])
  })

  it('a failed print is an error the page shows, and no file', async () => {
    const out = path.join(tempDir('gw-save-out-'), 'r.pdf')
    stub.dialog.saveDialogAnswer = { canceled: false, filePath: out }
    stub.WebContents.scriptResults = { 'window.__reportReady === true': false }
    // The stub's page never says it is drawn; the bridge's default timeout is 30 s, so this one is given a short one.
    off()
    off = bridgeReportSave(engine, () => win.webContents as unknown as electron.WebContents, { appUrl: APP, stateFile, reportsDir: REPORTS, readyTimeoutMs: 100 })
    await expect(desktop.saveReport({ format: 'pdf', from, to })).rejects.toThrow('Export report: The report page did not finish drawing its charts.')
    expect(fs.existsSync(out)).toBe(false)
  })

  it.each([
    ['an unknown format', { format: 'exe', from, to }, /^Export report: format: Invalid option/],
    ['a time as text', { format: 'json', from: '2026-11-23', to }, /^Export report: from: Invalid input: expected number, received string/],
    ['a reversed period', { format: 'json', from: to, to: from }, /^Export report: from: must be before to$/],
    ['a period over a year', { format: 'json', from: Date.UTC(2024, 0, 1), to }, /^Export report: from: a report covers at most 366 days$/],
    ['an unknown key', { format: 'json', from, to, path: '/etc/passwd' }, /^Export report: \(root\): Unrecognized key: "path"$/],
    ['no object at all', 'pdf', /^Export report: \(root\): Invalid input: expected object, received string$/],
  ])('refuses %s, naming the field, before anything is built or asked', async (_what, params, message) => {
    await expect(stub.ipcRenderer.invoke(IPC_REPORT_SAVE, params)).resolves.toMatchObject({ ok: false, error: expect.stringMatching(message) })
    expect(asked).toEqual([])
    expect(dialogs()).toEqual([])
  })

  it('refuses a sender that is not the app page', async () => {
    // The window's main frame navigated away from the app.
    win.webContents.mainFrame.url = 'https://evil.example/'
    try {
      await expect(desktop.saveReport({ format: 'json', from, to })).rejects.toThrow('Refused: this page is not Gapwatch.')
    } finally {
      win.webContents.mainFrame.url = APP
    }
    expect(asked).toEqual([])
    expect(dialogs()).toEqual([])
  })

  it('Open: a scheduled report file of the reports folder in the system viewer; a path or another name is refused', async () => {
    await desktop.openStoredReport('gapwatch-report-20261201T170000Z.pdf')
    for (const bad of ['../gapwatch.db', '/etc/passwd', 'gapwatch-report-20261201T170000Z.pdf/../../x', 'gapwatch-report-20261201T170000Z.exe']) {
      await expect(desktop.openStoredReport(bad)).rejects.toThrow('Open report: name: is not a report file (gapwatch-report-YYYYMMDDTHHMMSSZ.json or .pdf).')
    }
    await expect(stub.ipcRenderer.invoke(IPC_REPORT_OPEN, { name: 'x' })).resolves.toEqual({ error: expect.stringMatching(/^Open report: name: /) })
    expect(stub.calls.filter((c) => c.api === 'shell.openPath').map((c) => c.args[0])).toEqual([path.join(REPORTS, 'gapwatch-report-20261201T170000Z.pdf')])
    stub.shell.openPathAnswer = 'No application is associated with the file'
    try {
      await expect(desktop.openStoredReport('gapwatch-report-20261201T170000Z.json')).rejects.toThrow('Open report: gapwatch-report-20261201T170000Z.json: No application is associated with the file')
    } finally {
      stub.shell.openPathAnswer = ''
    }
  })
})
