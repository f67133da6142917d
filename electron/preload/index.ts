// The preload: exposes window.gapwatch, an implementation of GapwatchClient over IPC. No raw
// ipcRenderer reaches the page; every event and reply is validated against the shared contract.
import { contextBridge, ipcRenderer } from 'electron'
import {
  commands,
  events,
  describeZodError,
  isEventName,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type EventName,
  type EventPayload,
  type GapwatchClient,
} from '../../shared/contract.ts'
import { IPC_CALL, IPC_EVENT } from '../../shared/ipc.ts'

type Listener = (payload: unknown) => void
const listeners = new Map<EventName, Set<Listener>>()

ipcRenderer.on(IPC_EVENT, (_e, message: { event: unknown; data: unknown }) => {
  if (!isEventName(message?.event)) return console.error('gapwatch: unknown event', message?.event)
  const parsed = events[message.event].safeParse(message.data)
  if (!parsed.success) return console.error(`gapwatch: invalid ${message.event} event: ${describeZodError(parsed.error)}`)
  for (const l of listeners.get(message.event) ?? []) l(parsed.data)
})

const client = {
  async call<K extends CommandName>(name: K, params?: CommandParams<K>): Promise<CommandResult<K>> {
    const reply = (await ipcRenderer.invoke(IPC_CALL, { command: name, params: params ?? {} })) as
      | { ok: true; result: unknown }
      | { ok: false; error: string }
    if (!reply.ok) throw new Error(reply.error)
    const parsed = commands[name].result.safeParse(reply.result)
    if (!parsed.success) throw new Error(`Invalid reply to ${name}: ${describeZodError(parsed.error)}`)
    return parsed.data as CommandResult<K>
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    set.add(listener as Listener)
    return () => set.delete(listener as Listener)
  },
} satisfies GapwatchClient

contextBridge.exposeInMainWorld('gapwatch', client)
