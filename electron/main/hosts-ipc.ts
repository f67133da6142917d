// The desktop app's hosts menu over IPC: the renderer lists, saves, removes and checks the hosts
// saved in main (hosts.ts: tokens encrypted with safeStorage) and connects the window to one. Main
// dials the host itself and relays the contract both ways: commands on IPC_REMOTE_CALL, the host's
// events (already validated against the contract in hosts.ts) on IPC_REMOTE_EVENT. No token ever
// goes back to the renderer: every reply is the public view or words.
//
// Every argument is validated with the shared zod schemas, and every call passes the same sender
// checks as the engine's (ipc.ts: the app's own window, main frame and page).
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { events, isCommandName, type EventName } from '../../shared/contract.ts'
import { HostsRequestSchema, IPC_HOSTS, IPC_REMOTE_CALL, IPC_REMOTE_EVENT, RemoteCallSchema, type HostsRequest, type RemoteEvent } from '../../shared/hosts-ipc.ts'
import type { IpcReply } from '../../shared/ipc.ts'
import { busyFields } from '../../shared/busy.ts'
import { describeZodError } from '../../shared/zod-error.ts'
import { sharedHostCheck } from '../engine/host-check.ts'
import { connectHost, savedHost, type DesktopHosts, type RemoteGapwatch } from './hosts.ts'
import { senderProblem } from './ipc.ts'

export interface HostsBridgeOptions {
  /** The URL the window loads (window.ts appUrl): calls from any other page are refused. */
  appUrl: string
  log?: (line: string) => void
  /** Where the host the window is connected to is kept, for others in main to read (report saves). */
  connected?: ConnectedHost
}

/** The host the window is connected to, if any (set by bridgeHosts). */
export interface ConnectedHost {
  current: { name: string; remote: RemoteGapwatch } | null
}

/**
 * The engine of `name`, the host the window shows, for the report saves (report-ipc.ts); throws in
 * words when the window is no longer connected to it (the save would otherwise be another engine's).
 */
export function connectedEngine(connected: ConnectedHost, name: string): RemoteGapwatch {
  const active = connected.current
  if (!active || active.name.toLowerCase() !== name.toLowerCase()) throw new Error(`Host "${name.slice(0, 40)}" is not connected now: pick it again in the Engine menu.`)
  return active.remote
}

export function bridgeHosts(hosts: DesktopHosts, target: () => WebContents | null, o: HostsBridgeOptions): () => void {
  const log = o.log ?? ((line: string) => console.warn(line))
  const slot: ConnectedHost = o.connected ?? { current: null }
  let active: ConnectedHost['current'] = null
  const setActive = (a: ConnectedHost['current']) => {
    active = a
    slot.current = a
  }
  const check = sharedHostCheck()

  const send = (message: RemoteEvent) => {
    const wc = target()
    if (wc && !wc.isDestroyed()) wc.send(IPC_REMOTE_EVENT, message)
  }

  const disconnect = () => {
    const was = active
    setActive(null)
    was?.remote.close()
  }

  // The last connect asked for wins, not the last to finish (a reconnect racing a switch).
  let asked = 0
  const connect = async (name: string) => {
    const mine = ++asked
    disconnect()
    const remote = await connectHost(hosts, name)
    if (mine !== asked) {
      remote.close()
      throw new Error(`The connection to host "${name.slice(0, 40)}" was replaced by another.`)
    }
    const host = hosts.list().find((h) => h.name.toLowerCase() === name.toLowerCase())?.name ?? name
    const me = { name: host, remote }
    setActive(me)
    for (const event of Object.keys(events) as EventName[]) remote.on(event, (data: unknown) => active === me && send({ host, event, data }))
    remote.onClose((reason) => {
      if (active !== me) return
      setActive(null)
      send({ host, closed: reason })
    })
    return { name: host }
  }

  const handle = async (req: HostsRequest): Promise<unknown> => {
    switch (req.op) {
      case 'list':
        return hosts.list()
      case 'save':
        return hosts.save(req.host)
      case 'remove':
        if (active && active.name.toLowerCase() === req.name.toLowerCase()) disconnect()
        return hosts.remove(req.name)
      case 'check':
        try {
          await check(savedHost(hosts, req.name))
          return null
        } catch (err) {
          return (err as Error).message
        }
      case 'connect':
        return connect(req.name)
      case 'disconnect':
        asked++
        disconnect()
        return null
    }
  }

  const guard = (event: IpcMainInvokeEvent, what: string): string | null => {
    const refused = senderProblem(event, target(), o.appUrl)
    if (refused) log(`Gapwatch: refused an IPC ${what} ${refused}.`)
    return refused ? 'Refused: this page is not Gapwatch.' : null
  }

  ipcMain.handle(IPC_HOSTS, async (event, message: unknown): Promise<IpcReply> => {
    const refused = guard(event, 'hosts request')
    if (refused) return { ok: false, error: refused }
    const parsed = HostsRequestSchema.safeParse(message)
    if (!parsed.success) return { ok: false, error: `Invalid hosts request: ${describeZodError(parsed.error)}` }
    try {
      return { ok: true, result: await handle(parsed.data) }
    } catch (err) {
      return { ok: false, error: (err as Error).message }
    }
  })

  ipcMain.handle(IPC_REMOTE_CALL, async (event, message: unknown): Promise<IpcReply> => {
    const refused = guard(event, 'remote call')
    if (refused) return { ok: false, error: refused }
    const parsed = RemoteCallSchema.safeParse(message)
    if (!parsed.success) return { ok: false, error: `Invalid remote call: ${describeZodError(parsed.error)}` }
    const { command, params } = parsed.data
    if (!isCommandName(command)) return { ok: false, error: `Unknown command "${command}".` }
    if (!active) return { ok: false, error: 'No host is connected: choose one in the hosts menu.' }
    try {
      // The remote engine validates the params; hosts.ts validates its reply against the contract.
      return { ok: true, result: await active.remote.call(command, params as never) }
    } catch (err) {
      return { ok: false, error: (err as Error).message, ...busyFields(err) } // an Error crosses IPC as its message only
    }
  })

  return () => {
    disconnect()
    ipcMain.removeHandler(IPC_HOSTS)
    ipcMain.removeHandler(IPC_REMOTE_CALL)
  }
}
