// "Export report…" on the desktop (tray menu): the report of the last 24 h opens in a preview window
// (the same self-contained page as `gapwatch report --format html`), then a save dialog, which
// remembers its folder, asks where: a .json file is the model written directly, a .pdf is the page
// printed by Electron's webContents.printToPDF in a hidden window once its charts are drawn.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BrowserWindow, app, dialog } from 'electron'
import type { Report, ReportParams } from '../../shared/report.ts'
import { reportHtml } from '../engine/report/html.ts'

export interface ReportEngine {
  call(name: 'report', params: ReportParams): Promise<unknown>
}

export interface ExportOptions {
  /** Where the last folder chosen is remembered (a small JSON file in userData). */
  stateFile: string
  /** The built report page (out/report); default as the CLI finds it. */
  pageDir?: string
  params?: ReportParams
  /** How long the hidden window may take to draw the charts. */
  readyTimeoutMs?: number
}

const WEB_PREFERENCES = { sandbox: true, contextIsolation: true, nodeIntegration: false }

function lastFolder(stateFile: string): string {
  try {
    const folder = (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { folder?: unknown }).folder
    if (typeof folder === 'string' && fs.statSync(folder).isDirectory()) return folder
  } catch {
    // no folder remembered yet, or it is gone
  }
  return app.getPath('documents')
}

/** The page in a temporary file a window can load (a data: URL would be capped in size). */
function pageFile(html: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gapwatch-report-'))
  const file = path.join(dir, 'report.html')
  fs.writeFileSync(file, html)
  return file
}

async function waitReady(win: BrowserWindow, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await win.webContents.executeJavaScript('window.__reportReady === true'))) {
    if (Date.now() > until) throw new Error('The report page did not finish drawing its charts.')
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The PDF of a report page, printed in a hidden window. */
export async function printReport(html: string, timeoutMs = 30_000): Promise<Uint8Array> {
  const file = pageFile(html)
  const win = new BrowserWindow({ show: false, width: 900, height: 1200, webPreferences: WEB_PREFERENCES })
  try {
    await win.loadFile(file)
    await waitReady(win, timeoutMs)
    return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true })
  } finally {
    win.destroy()
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
  }
}

/** Opens the preview, asks where to save (PDF or JSON) and writes it. Returns the file written, or null when cancelled. */
export async function exportReport(engine: ReportEngine, o: ExportOptions): Promise<string | null> {
  const model = (await engine.call('report', o.params ?? {})) as Report
  const html = reportHtml(model, o.pageDir)
  const previewFile = pageFile(html)
  const preview = new BrowserWindow({ show: true, width: 900, height: 1100, title: 'Gapwatch report', webPreferences: WEB_PREFERENCES })
  preview.on('closed', () => fs.rmSync(path.dirname(previewFile), { recursive: true, force: true }))
  await preview.loadFile(previewFile)
  const name = `gapwatch-report-${model.period.from.slice(0, 10)}-${model.period.to.slice(0, 10)}`
  const { canceled, filePath } = await dialog.showSaveDialog(preview, {
    title: 'Export report',
    defaultPath: path.join(lastFolder(o.stateFile), `${name}.pdf`),
    filters: [
      { name: 'PDF', extensions: ['pdf'] },
      { name: 'JSON', extensions: ['json'] },
    ],
  })
  if (canceled || !filePath) return null
  fs.mkdirSync(path.dirname(o.stateFile), { recursive: true })
  fs.writeFileSync(o.stateFile, JSON.stringify({ folder: path.dirname(filePath) }))
  if (filePath.toLowerCase().endsWith('.json')) fs.writeFileSync(filePath, `${JSON.stringify(model, null, 2)}\n`)
  else fs.writeFileSync(filePath, await printReport(html, o.readyTimeoutMs))
  return filePath
}
