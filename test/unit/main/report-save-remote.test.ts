// The desktop's Save PDF / Save JSON while the window shows another engine (the Engine menu's pick):
// the file saved is that engine's report, the one previewed, never this machine's (it once was:
// saveReport always asked the local engine). Main's hosts bridge and report bridge, and the real
// preload, through the named stub of 'electron' (test/stubs/electron.ts): MOCKED because the Electron
// binary cannot run here (its save dialog and printToPDF answer as the test sets them). The remote
// engine is a real `gapwatch serve` with a seeded history, dialled by main.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import type * as ElectronStub from '../../stubs/electron.ts'
import { bridgeHosts, connectedEngine, type ConnectedHost } from '../../../electron/main/hosts-ipc.ts'
import { DesktopHosts } from '../../../electron/main/hosts.ts'
import { bridgeReportSave } from '../../../electron/main/report-ipc.ts'
import { ensureReportBuilt } from '../../integration/report/report-build.ts'
import { SECONDS, seedHistory, seedStart } from '../../integration/report/seed.ts'
import { startServe, tempDir, type Served } from '../../helpers/serve.ts'
import { ReportSchema, type ReportParams } from '../../../shared/report.ts'
import type { DesktopReports } from '../../../shared/report-export.ts'
import type { DesktopHostsApi } from '../../../shared/hosts-ipc.ts'

const stub = electron as unknown as typeof ElectronStub
const APP = 'file:///app/index.html'
const from = seedStart()
const to = from + SECONDS * 1000

let b: Served
let win: InstanceType<typeof stub.BrowserWindow>
let desktop: DesktopReports
let hostsApi: DesktopHostsApi
const offs: Array<() => void> = []
/** What the local engine was asked: nothing, while the window shows the remote one. */
const asked: ReportParams[] = []
const local = { call: async (_name: 'report', p: ReportParams) => (asked.push(p), Promise.reject(new Error('the local engine was asked'))) }

beforeAll(async () => {
  const dir = tempDir('gw-save-remote-b-')
  await Promise.all([ensureReportBuilt(), seedHistory(dir, from)])
  b = await startServe(['--interval', '1s'], dir)
  win = new stub.BrowserWindow({})
  const target = () => win.webContents as unknown as electron.WebContents
  const connected: ConnectedHost = { current: null }
  offs.push(bridgeHosts(new DesktopHosts(tempDir('gw-save-remote-')), target, { appUrl: APP, connected, log: () => {} }))
  const stateFile = path.join(tempDir('gw-save-remote-state-'), 'report-export.json')
  offs.push(bridgeReportSave(local, target, { appUrl: APP, stateFile, reportsDir: '/data/reports', log: () => {}, remote: (host) => connectedEngine(connected, host) }))
  await import('../../../electron/preload/index.ts')
  desktop = stub.exposed.gapwatchDesktop as DesktopReports
  hostsApi = stub.exposed.gapwatchHosts as DesktopHostsApi
  stub.ipcSender.sender = win.webContents
  stub.ipcSender.senderFrame = win.webContents.mainFrame
  await hostsApi.save({ name: 'vps', url: b.url })
})
afterAll(async () => {
  for (const off of offs) off()
  await b?.stop()
})
beforeEach(() => {
  stub.calls.length = 0
  stub.ipcSender.sender = win.webContents
  stub.ipcSender.senderFrame = win.webContents.mainFrame
})

const lastDialog = () => stub.calls.filter((c) => c.api === 'dialog.showSaveDialog').map((c) => c.args.at(-1) as { defaultPath: string }).at(-1)

describe('saving a report while the window shows another engine', () => {
  it('JSON and PDF are the shown engine’s report, named after it; the local engine is not asked', async () => {
    await hostsApi.connect('vps')
    const json = path.join(tempDir('gw-save-remote-out-'), 'r.json')
    stub.dialog.saveDialogAnswer = { canceled: false, filePath: json }
    expect(await desktop.saveReport({ format: 'json', from, to, host: 'vps' })).toBe(json)
    const report = ReportSchema.parse(JSON.parse(fs.readFileSync(json, 'utf8')))
    // B's seeded process groups: the report is B's.
    expect(report.processes.byCpu.map((g) => [g.name, g.cpu.avg])).toEqual(expect.arrayContaining([['trader', 150], ['browser', 20]]))
    expect(report.period.from).toBe(new Date(from).toISOString())
    expect(path.basename(lastDialog()!.defaultPath)).toBe(`gapwatch-report-vps-${report.period.from.slice(0, 10)}-${report.period.to.slice(0, 10)}.json`)

    const pdf = path.join(path.dirname(json), 'r.pdf')
    stub.dialog.saveDialogAnswer = { canceled: false, filePath: pdf }
    expect(await desktop.saveReport({ format: 'pdf', from, to, host: 'vps' })).toBe(pdf)
    expect(fs.readFileSync(pdf, 'utf8')).toBe('%PDF-stub')
    expect(asked).toEqual([])
  })

  it('refuses in words a save for a host the window is not connected to, asking nothing and writing nothing', async () => {
    await expect(desktop.saveReport({ format: 'json', from, to, host: 'other' })).rejects.toThrow('Export report: Host "other" is not connected now: pick it again in the Engine menu.')
    await hostsApi.disconnect()
    await expect(desktop.saveReport({ format: 'json', from, to, host: 'vps' })).rejects.toThrow('Export report: Host "vps" is not connected now')
    expect(stub.calls.some((c) => c.api === 'dialog.showSaveDialog')).toBe(false)
    expect(asked).toEqual([])
  })
})
