// The tray's "Export report…" item, through the stub of 'electron' (test/stubs/electron.ts: the
// Electron binary cannot run here), with a real Engine on a temp data directory and main's own wiring
// (trayExport): the item brings the app's window back with the Reports view's preview open (the one
// preview the app has; the tray used to open a preview window of its own), and opens no window of
// its own; when no window can be shown, an error box says so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import type * as ElectronStub from '../../stubs/electron.ts'
import { createTray } from '../../../electron/main/tray.ts'
import { trayExport } from '../../../electron/main/report-export.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import { REPORT_EXPORT_HASH } from '../../../shared/report-export.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const stub = electron as unknown as typeof ElectronStub
let engine: Engine | null = null
let dispose: (() => void) | null = null

beforeEach(() => {
  stub.calls.length = 0
  stub.WebContents.scriptResults = {}
})
afterEach(async () => {
  dispose?.()
  stub.BrowserWindow.instances.forEach((w) => w.destroyed || w.destroy())
  await engine?.stop()
  engine = null
})

function trayWith(reveal: () => ElectronStub.BrowserWindow | null) {
  engine = new Engine({ dataDir: tempDir('gw-tray-export-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 60_000 })
  const t = createTray(engine, { resourcesDir: '/res', showWindow: () => {}, quit: () => {}, exportReport: trayExport(reveal as () => electron.BrowserWindow | null) })
  dispose = () => t.dispose()
  const menu = (t.tray as unknown as InstanceType<typeof stub.Tray>).menu!.template as Array<{ label?: string; click?: () => void }>
  return menu.find((i) => i.label === 'Export report…')
}

const scripts = () => stub.calls.filter((c) => c.api === 'webContents.executeJavaScript').map((c) => c.args[0])

describe('tray: Export report…', () => {
  it("brings the window back with the Reports view's preview open, and opens no window of its own", async () => {
    const win = new stub.BrowserWindow({ show: true })
    let revealed = 0
    const item = trayWith(() => (revealed++, win))
    expect(item).toBeDefined()
    const before = stub.BrowserWindow.instances.length
    item!.click!()
    expect(revealed).toBe(1)
    expect(scripts()).toEqual([`location.hash = ${JSON.stringify(REPORT_EXPORT_HASH)}`])
    expect(REPORT_EXPORT_HASH).toBe('#reports?export') // what Reports.tsx opens its preview on
    expect(stub.BrowserWindow.instances.length).toBe(before)
    expect(stub.calls.filter((c) => c.api === 'dialog.showSaveDialog')).toEqual([]) // the preview's Save buttons ask, not the tray
  })

  it('with no window to show, an error box says so', () => {
    const item = trayWith(() => null)
    item!.click!()
    expect(stub.calls.filter((c) => c.api === 'dialog.showErrorBox').map((c) => c.args)).toEqual([['Export report', 'The Gapwatch window is not open.']])
  })

  it('a page that refuses the script shows an error box', async () => {
    const win = new stub.BrowserWindow({ show: true })
    win.webContents.executeJavaScript = () => Promise.reject(new Error('The page is gone.'))
    const item = trayWith(() => win)
    item!.click!()
    await expect.poll(() => stub.calls.filter((c) => c.api === 'dialog.showErrorBox').map((c) => c.args)).toEqual([['Export report', 'The page is gone.']])
  })
})
