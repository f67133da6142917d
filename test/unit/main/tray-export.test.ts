// The tray's "Export report…" item, through the stub of 'electron' (test/stubs/electron.ts: the
// Electron binary cannot run here; the save dialog and printToPDF are its mocks), with a real Engine
// on a temp data directory and main's own wiring (trayExport): the item is in the menu, clicking it
// opens the preview window and saves where the dialog says; a failed export shows an error box.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import type * as ElectronStub from '../../stubs/electron.ts'
import { createTray } from '../../../electron/main/tray.ts'
import { trayExport } from '../../../electron/main/report-export.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import { ensureReportBuilt } from '../../integration/report/report-build.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { ReportSchema } from '../../../shared/report.ts'

const stub = electron as unknown as typeof ElectronStub
let engine: Engine | null = null
let dispose: (() => void) | null = null

beforeAll(() => ensureReportBuilt())
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

function trayWith(dir: string, pageDir?: string) {
  engine = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 60_000 })
  const t = createTray(engine, { resourcesDir: '/res', showWindow: () => {}, quit: () => {}, exportReport: trayExport(engine, { stateFile: path.join(dir, 'report-export.json'), pageDir }) })
  dispose = () => t.dispose()
  const menu = (t.tray as unknown as InstanceType<typeof stub.Tray>).menu!.template as Array<{ label?: string; click?: () => void }>
  return menu.find((i) => i.label === 'Export report…')
}

describe('tray: Export report…', () => {
  it('is in the menu and drives the export: preview, save dialog, the file written', async () => {
    const dir = tempDir('gw-tray-export-')
    const item = trayWith(dir)
    expect(item).toBeDefined()
    const out = path.join(dir, 'out.json')
    stub.dialog.saveDialogAnswer = { canceled: false, filePath: out }
    const before = stub.BrowserWindow.instances.length
    item!.click!()
    await expect.poll(() => fs.existsSync(out)).toBe(true)
    const report = ReportSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')))
    expect(Date.parse(report.period.to) - Date.parse(report.period.from)).toBe(86_400_000) // the last 24 h
    const [preview] = stub.BrowserWindow.instances.slice(before)
    expect(preview.options).toMatchObject({ show: true, title: 'Gapwatch report' })
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'report-export.json'), 'utf8'))).toEqual({ folder: dir })
  })

  it('a failed export shows an error box', async () => {
    const dir = tempDir('gw-tray-export-')
    const item = trayWith(dir, path.join(dir, 'no-page-here'))
    item!.click!()
    await expect.poll(() => stub.calls.filter((c) => c.api === 'dialog.showErrorBox').map((c) => c.args)).toEqual([
      ['Export report', `The report page is not built (${path.join(dir, 'no-page-here')}/report.html is missing): run "npm run build".`],
    ])
  })
})
