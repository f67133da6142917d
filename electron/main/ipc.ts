// Bridges the engine to the renderer: commands arrive on IPC_CALL (validated by the engine), and
// every contract event is pushed to the window with webContents.send.
//
// Every call is checked for where it came from: the app's own window, its main frame (not an
// iframe), showing the app's own page (appUrl). Anything else (a frame that navigated away, an
// embedded page, another webContents) is refused and logged; the engine never sees it.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { events, type EventName } from '../../shared/contract.ts'
import path from 'node:path'
import { IPC_CALL, IPC_EVENT, IPC_IMPORT_PATH } from '../../shared/ipc.ts'
import { ImportCsvPathParamsSchema } from '../../shared/scanner.ts'
import type { Engine } from '../engine/engine.ts'
import { isAppUrl } from './window.ts'
import type { RendererOutbox } from './log-queue.ts'

export interface BridgeOptions {
  /** The URL the window loads (window.ts appUrl): calls from any other page are refused. */
  appUrl: string
  log?: (line: string) => void
  /** Holds notices until the window's page has loaded (log-queue.ts); without it, events go straight to send. */
  outbox?: RendererOutbox
}

export function bridgeEngine(engine: Engine, target: () => WebContents | null, o: BridgeOptions): () => void {
  const log = o.log ?? ((line: string) => console.warn(line))
  ipcMain.handle(IPC_CALL, async (event, message: { command?: unknown; params?: unknown }) => {
    const refused = senderProblem(event, target(), o.appUrl)
    if (refused) {
      log(`Gapwatch: refused an IPC call (${String(message?.command).slice(0, 40)}) ${refused}.`)
      return { ok: false, error: 'Refused: this page is not Gapwatch.' }
    }
    try {
      return { ok: true, result: await engine.call(String(message?.command), message?.params) }
    } catch (err) {
      return { ok: false, error: (err as Error).message }
    }
  })
  // A desktop import by path: the picked file is read by the engine (copied, then parsed by a pool
  // worker), never sent as content. Only on this channel: a WebSocket client cannot name a path.
  ipcMain.handle(IPC_IMPORT_PATH, async (event, params: unknown) => {
    const refused = senderProblem(event, target(), o.appUrl)
    if (refused) {
      log(`Gapwatch: refused an IPC import ${refused}.`)
      return { ok: false, error: 'Refused: this page is not Gapwatch.' }
    }
    const p = ImportCsvPathParamsSchema.safeParse(params)
    if (!p.success) return { ok: false, error: `importFile: ${p.error.issues.map((i) => `${i.path.join('.') || 'params'} ${i.message}`).join('; ')}` }
    try {
      return { ok: true, result: await engine.importCsvFile(path.basename(p.data.path), p.data.path, { tz: p.data.tz }) }
    } catch (err) {
      return { ok: false, error: (err as Error).message }
    }
  })
  const offs = (Object.keys(events) as EventName[]).map((name) =>
    engine.on(name, (data: unknown) => {
      const wc = target()
      if (o.outbox) o.outbox.send(wc, name, data)
      else if (wc && !wc.isDestroyed()) wc.send(IPC_EVENT, { event: name, data })
    }),
  )
  return () => {
    ipcMain.removeHandler(IPC_CALL)
    ipcMain.removeHandler(IPC_IMPORT_PATH)
    offs.forEach((off) => off())
  }
}

/** Why a call's sender is not the app's window, main frame and page; null when it is. */
export function senderProblem(event: IpcMainInvokeEvent, app: WebContents | null, appUrl: string): string | null {
  const frame = event.senderFrame
  if (!app || event.sender !== app) return 'from a webContents that is not the app window'
  if (!frame) return 'from a frame that is gone'
  const main = app.mainFrame
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return `from a subframe (${frame.url.slice(0, 200)})`
  if (!isAppUrl(frame.url, appUrl)) return `from a page that is not the app (${frame.url.slice(0, 200)})`
  return null
}
