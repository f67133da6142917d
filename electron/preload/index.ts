// The preload: exposes window.gapwatch, an implementation of GapwatchClient over IPC. No raw
// ipcRenderer reaches the page; every event and reply is validated against the shared contract.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { CommandName, CommandParams, CommandResult, EventName, EventPayload, GapwatchClient } from '../../shared/contract.ts'
import { EventHub, parseResult } from '../../shared/client-core.ts'
import { IPC_CALL, IPC_EVENT, IPC_IMPORT_PATH, IPC_REPORT_OPEN, IPC_REPORT_SAVE, type DesktopFiles, type IpcReply } from '../../shared/ipc.ts'
import { describeZodError } from '../../shared/zod-error.ts'
import {
  HostCheckResultSchema,
  HostsListResultSchema,
  IPC_HOSTS,
  IPC_REMOTE_CALL,
  IPC_REMOTE_EVENT,
  RemoteEventSchema,
  type DesktopHostsApi,
} from '../../shared/hosts-ipc.ts'
import { ReportOpenReplySchema, ReportSaveReplySchema, type DesktopReports, type ReportSaveParams } from '../../shared/report-export.ts'

/** Calls main over `channel` and unwraps its { ok, result } / { ok: false, error } reply. */
async function invoke(channel: string, message: unknown): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(channel, message)) as IpcReply
  if (!reply.ok) throw new Error(reply.error)
  return reply.result
}

const hub = new EventHub()
ipcRenderer.on(IPC_EVENT, (_e, message: { event?: unknown; data?: unknown }) => hub.dispatch(message?.event, message?.data))

const client = {
  async call<K extends CommandName>(name: K, params?: CommandParams<K>): Promise<CommandResult<K>> {
    return parseResult(name, await invoke(IPC_CALL, { command: name, params: params ?? {} }))
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return hub.on(event, listener)
  },
} satisfies GapwatchClient

contextBridge.exposeInMainWorld('gapwatch', client)

// The desktop hosts menu (main/hosts-ipc.ts): the hosts saved in main (tokens stay there, encrypted)
// and a client for the one the window is connected to. Replies and events are validated here too.
const remoteHub = new EventHub()
const closedListeners = new Set<(reason: string) => void>()
ipcRenderer.on(IPC_REMOTE_EVENT, (_e, message: unknown) => {
  const m = RemoteEventSchema.safeParse(message)
  if (!m.success) return console.error(`gapwatch: invalid remote event: ${describeZodError(m.error)}`)
  if ('closed' in m.data) for (const l of closedListeners) l(m.data.closed)
  else remoteHub.dispatch(m.data.event, m.data.data)
})

const hosts = {
  list: async () => HostsListResultSchema.parse(await invoke(IPC_HOSTS, { op: 'list' })),
  save: async (host) => HostsListResultSchema.parse(await invoke(IPC_HOSTS, { op: 'save', host })),
  remove: async (name) => HostsListResultSchema.parse(await invoke(IPC_HOSTS, { op: 'remove', name })),
  check: async (name) => HostCheckResultSchema.parse(await invoke(IPC_HOSTS, { op: 'check', name })),
  connect: async (name) => void (await invoke(IPC_HOSTS, { op: 'connect', name })),
  disconnect: async () => void (await invoke(IPC_HOSTS, { op: 'disconnect' })),
  async call<K extends CommandName>(name: K, params?: CommandParams<K>): Promise<CommandResult<K>> {
    return parseResult(name, await invoke(IPC_REMOTE_CALL, { command: name, params: params ?? {} }))
  },
  callReply: async (name, params) => (await ipcRenderer.invoke(IPC_REMOTE_CALL, { command: name, params: params ?? {} })) as IpcReply,
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return remoteHub.on(event, listener)
  },
  onClosed(listener: (reason: string) => void): () => void {
    closedListeners.add(listener)
    return () => closedListeners.delete(listener)
  },
} satisfies DesktopHostsApi

contextBridge.exposeInMainWorld('gapwatchHosts', hosts)
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
// A picked or dropped file is imported by its path on disk: its content never crosses IPC.
const files = {
  async importFile(file, o = {}) {
    const path = webUtils.getPathForFile(file as File)
    if (!path) throw new Error(`${file.name}: this file has no path on disk; save it to a folder and import it from there.`)
    return parseResult('importCsv', await invoke(IPC_IMPORT_PATH, { path, tz: o.tz }))
  },
} satisfies DesktopFiles

contextBridge.exposeInMainWorld('gapwatchFiles', files)
