// The preload: exposes window.gapwatch, an implementation of GapwatchClient over IPC. No raw
// ipcRenderer reaches the page; every event and reply is validated against the shared contract.
import { contextBridge, ipcRenderer } from 'electron'
import type { CommandName, CommandParams, CommandResult, EventName, EventPayload, GapwatchClient } from '../../shared/contract.ts'
import { EventHub, parseResult } from '../../shared/client-core.ts'
import { IPC_CALL, IPC_EVENT, IPC_REPORT_OPEN, IPC_REPORT_SAVE } from '../../shared/ipc.ts'
import { ReportOpenReplySchema, ReportSaveReplySchema, type DesktopReports, type ReportSaveParams } from '../../shared/report-export.ts'

const hub = new EventHub()
ipcRenderer.on(IPC_EVENT, (_e, message: { event?: unknown; data?: unknown }) => hub.dispatch(message?.event, message?.data))

const client = {
  async call<K extends CommandName>(name: K, params?: CommandParams<K>): Promise<CommandResult<K>> {
    const reply = (await ipcRenderer.invoke(IPC_CALL, { command: name, params: params ?? {} })) as
      | { ok: true; result: unknown }
      | { ok: false; error: string }
    if (!reply.ok) throw new Error(reply.error)
    return parseResult(name, reply.result)
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return hub.on(event, listener)
  },
} satisfies GapwatchClient

contextBridge.exposeInMainWorld('gapwatch', client)

// Desktop-only: "Save PDF" / "Save JSON" of the Reports view's preview, "Open" of a scheduled report (electron/main/report-ipc.ts).
const desktop = {
  async saveReport(params: ReportSaveParams): Promise<string | null> {
    const reply = ReportSaveReplySchema.parse(await ipcRenderer.invoke(IPC_REPORT_SAVE, params))
    if (!reply.ok) throw new Error(reply.error)
    return reply.path
  },
  async openStoredReport(name: string): Promise<void> {
    const reply = ReportOpenReplySchema.parse(await ipcRenderer.invoke(IPC_REPORT_OPEN, name))
    if (reply.error !== null) throw new Error(reply.error)
  },
} satisfies DesktopReports

contextBridge.exposeInMainWorld('gapwatchDesktop', desktop)
