// "Export report…" on the desktop: the app's one preview, the Reports view (the tray's item brings the
// window back with it open), whose Save PDF / Save JSON reach saveReport over IPC (report-ipc.ts): a
// save dialog, which remembers its folder, asks where. A .json file is the model written directly, a
// .pdf is the page printed by Electron's webContents.printToPDF in a hidden window once its charts
// are drawn (printReport, also what the desktop's scheduled reports print with).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BrowserWindow, app, dialog } from 'electron'
import type { Report, ReportParams } from '../../shared/report.ts'
import { REPORT_EXPORT_HASH, reportFileName, type ReportSaveFormat, type ReportSaveParams } from '../../shared/report-export.ts'
import { reportHtml } from '../engine/report/html.ts'

export interface ReportEngine {
  call(name: 'report', params: ReportParams): Promise<unknown>
}

export interface ExportOptions {
  /** Where the last folder chosen is remembered (a small JSON file in userData). */
  stateFile: string
  /** The built report page (out/report); default as the CLI finds it. */
  pageDir?: string
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


/** The save dialog, starting in the folder chosen last; the folder chosen is remembered. Null when cancelled. */
async function askPath(model: Report, formats: readonly ReportSaveFormat[], o: ExportOptions, parent: BrowserWindow | null, host?: string): Promise<string | null> {
  const options = {
    title: 'Export report',
    defaultPath: path.join(lastFolder(o.stateFile), reportFileName(model.period, formats[0], host)),
    filters: formats.map((f) => ({ name: f.toUpperCase(), extensions: [f] })),
  }
  const { canceled, filePath } = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
  if (canceled || !filePath) return null
  fs.mkdirSync(path.dirname(o.stateFile), { recursive: true })
  fs.writeFileSync(o.stateFile, JSON.stringify({ folder: path.dirname(filePath) }))
  return filePath
}

/** Writes the model as JSON, or its page printed to PDF (by the file's extension when format is not given). */
async function writeReport(model: Report, html: () => string, filePath: string, o: ExportOptions, format?: ReportSaveFormat): Promise<void> {
  const json = format ? format === 'json' : filePath.toLowerCase().endsWith('.json')
  if (json) fs.writeFileSync(filePath, `${JSON.stringify(model, null, 2)}\n`)
  else fs.writeFileSync(filePath, await printReport(html(), o.readyTimeoutMs))
}

/** How the desktop's scheduled reports are printed (Engine option printReport): the page of the model, by printToPDF. */
export function desktopReportPrinter(pageDir?: string, timeoutMs?: number): (model: Report) => Promise<Uint8Array> {
  return (model) => printReport(reportHtml(model, pageDir), timeoutMs)
}

/**
 * "Save PDF" / "Save JSON" of the app's own preview (the Reports view, over IPC): the report of the
 * period the preview shows, asked of the engine it shows (this machine's, or the saved host's:
 * `p.host`), where the save dialog says, in the format asked for. A remote host's PDF is its model
 * printed here, as its preview is drawn here.
 */
export async function saveReport(engine: ReportEngine, p: ReportSaveParams, o: ExportOptions & { parent?: BrowserWindow | null }): Promise<string | null> {
  const model = (await engine.call('report', { from: p.from, to: p.to })) as Report
  const filePath = await askPath(model, [p.format], o, o.parent ?? null, p.host)
  if (filePath === null) return null
  await writeReport(model, () => reportHtml(model, o.pageDir), filePath, o, p.format)
  return filePath
}

/**
 * The tray's "Export report…": the window brought back (made if it was closed) with the Reports view's
 * preview open, the one preview the app has, so the tray and the app cannot show different reports.
 * A failure is shown in an error box, never dropped.
 */
export function trayExport(reveal: () => BrowserWindow | null): () => void {
  return () => {
    try {
      const win = reveal()
      if (!win) throw new Error('The Gapwatch window is not open.')
      // A new window's page may still be loading: executeJavaScript runs once it has loaded.
      void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(REPORT_EXPORT_HASH)}`).catch((err: Error) => dialog.showErrorBox('Export report', err.message))
    } catch (err) {
      dialog.showErrorBox('Export report', (err as Error).message)
    }
  }
}
