// The app's "Save PDF" / "Save JSON" (the Reports view's preview) over IPC: the renderer names a
// format and the period it previews; main checks the sender (the app's own window, main frame and
// page, as ipc.ts does for commands), validates the argument with the shared schema (hostile input:
// unknown keys, bad times, a reversed or too long period are refused with a message naming the
// field), then saves through report-export.ts (save dialog, JSON written directly, PDF by printToPDF).
// IPC_REPORT_OPEN opens one scheduled report's file (a name the scheduler writes, never a path) in
// the system's viewer.
import path from 'node:path'
import { ipcMain, shell, type BrowserWindow, type WebContents } from 'electron'
import { IPC_REPORT_OPEN, IPC_REPORT_SAVE } from '../../shared/ipc.ts'
import { ReportSaveParamsSchema, StoredReportFileSchema, type ReportSaveReply } from '../../shared/report-export.ts'
import { describeZodError } from '../../shared/zod-error.ts'
import { senderProblem } from './ipc.ts'
import { saveReport, type ExportOptions, type ReportEngine } from './report-export.ts'

export interface ReportSaveBridgeOptions extends ExportOptions {
  /** The URL the window loads (window.ts appUrl): calls from any other page are refused. */
  appUrl: string
  /** The scheduled reports' folder (<userData>/reports): the only place IPC_REPORT_OPEN opens files from. */
  reportsDir: string
  /** The window the save dialog belongs to. */
  parent?: () => BrowserWindow | null
  log?: (line: string) => void
  /** The engine of a saved host the window shows (hosts-ipc.ts connectedEngine); throws when it is not connected. */
  remote?: (host: string) => ReportEngine
}

function remoteEngine(o: ReportSaveBridgeOptions, host: string): ReportEngine {
  if (!o.remote) throw new Error(`Host "${host}": this window saves only this machine's reports.`)
  return o.remote(host)
}

/** Answers IPC_REPORT_SAVE and IPC_REPORT_OPEN; returns what removes the handlers. */
export function bridgeReportSave(engine: ReportEngine, target: () => WebContents | null, o: ReportSaveBridgeOptions): () => void {
  const log = o.log ?? ((line: string) => console.warn(line))
  ipcMain.handle(IPC_REPORT_SAVE, async (event, raw: unknown): Promise<ReportSaveReply> => {
    const refused = senderProblem(event, target(), o.appUrl)
    if (refused) {
      log(`Gapwatch: refused a report save ${refused}.`)
      return { ok: false, error: 'Refused: this page is not Gapwatch.' }
    }
    const p = ReportSaveParamsSchema.safeParse(raw)
    if (!p.success) return { ok: false, error: `Export report: ${describeZodError(p.error)}` }
    try {
      // The window shows another engine: its report is the one previewed, so it is the one saved.
      const source = p.data.host === undefined ? engine : remoteEngine(o, p.data.host)
      return { ok: true, path: await saveReport(source, p.data, { ...o, parent: o.parent?.() ?? null }) }
    } catch (err) {
      return { ok: false, error: `Export report: ${(err as Error).message}` }
    }
  })
  ipcMain.handle(IPC_REPORT_OPEN, async (event, raw: unknown): Promise<{ error: string | null }> => {
    const refused = senderProblem(event, target(), o.appUrl)
    if (refused) {
      log(`Gapwatch: refused opening a report ${refused}.`)
      return { error: 'Refused: this page is not Gapwatch.' }
    }
    const name = StoredReportFileSchema.safeParse(raw)
    if (!name.success) return { error: `Open report: name: ${name.error.issues[0].message}.` }
    const failed = await shell.openPath(path.join(o.reportsDir, name.data))
    return { error: failed ? `Open report: ${name.data}: ${failed}` : null }
  })
  return () => {
    ipcMain.removeHandler(IPC_REPORT_SAVE)
    ipcMain.removeHandler(IPC_REPORT_OPEN)
  }
}
