// The preload: exposes window.gapwatch, an implementation of GapwatchClient over IPC. No raw
// ipcRenderer reaches the page; every event and reply is validated against the shared contract.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { CommandName, CommandParams, CommandResult, EventName, EventPayload, GapwatchClient } from '../../shared/contract.ts'
import { EventHub, parseResult } from '../../shared/client-core.ts'
import { IPC_CALL, IPC_EVENT, IPC_IMPORT_PATH, type DesktopFiles } from '../../shared/ipc.ts'

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

// A picked or dropped file is imported by its path on disk: its content never crosses IPC.
const files = {
  async importFile(file, o = {}) {
    const path = webUtils.getPathForFile(file as File)
    if (!path) throw new Error(`${file.name}: this file has no path on disk; save it to a folder and import it from there.`)
    const reply = (await ipcRenderer.invoke(IPC_IMPORT_PATH, { path, tz: o.tz })) as { ok: true; result: unknown } | { ok: false; error: string }
    if (!reply.ok) throw new Error(reply.error)
    return parseResult('importCsv', reply.result)
  },
} satisfies DesktopFiles

contextBridge.exposeInMainWorld('gapwatchFiles', files)
