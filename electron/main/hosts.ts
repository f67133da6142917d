// The desktop app's saved hosts: `hosts.json` in userData with each token encrypted by Electron's
// safeStorage (the OS keychain's key), decrypted only here in main when connecting. What the
// renderer may be given is the public view ({name, url, tokenSet}), never a token.
//
// `connectHost` opens a saved host's stream from main with the Node `ws` client (token as
// `Authorization: Bearer`, no Origin), so the remote engine's checks apply unchanged, and wraps it
// as a GapwatchClient validated against the contract, like the renderer's clients.
import path from 'node:path'
import { safeStorage } from 'electron'
import type { WebSocket } from 'ws'
import { EventHub, parseResult } from '../../shared/client-core.ts'
import { EventMessageSchema, ResponseMessageSchema, type CommandName, type GapwatchClient } from '../../shared/contract.ts'
import { DesktopHostsFileSchema, HostSaveSchema, hostKey, keepsToken, putHost, type DesktopHostsFile, type Host, type PublicHost } from '../../shared/hosts.ts'
import { describeZodError } from '../../shared/zod-error.ts'
import { replyError } from '../../shared/busy.ts'
import { MAX_WS_PENDING_REQUESTS } from '../../shared/limits.ts'
import { connectRemote } from '../engine/remote-host.ts'
import { readJsonFile, writeJsonFile } from '../engine/json-file.ts'
import { RelayBudget, rawBytes } from './relay-budget.ts'

export class DesktopHosts {
  readonly file: string

  constructor(userData: string) {
    this.file = path.join(userData, 'hosts.json')
  }

  private read(): DesktopHostsFile {
    return readJsonFile(this.file, DesktopHostsFileSchema, { hosts: [] })
  }

  list(): PublicHost[] {
    return this.read().hosts.map((h) => ({ name: h.name, url: h.url, tokenSet: h.tokenEncrypted !== undefined }))
  }

  /** Adds or replaces a host; its token is encrypted first, and a save without one keeps the saved token if the origin is unchanged. */
  save(input: unknown): PublicHost[] {
    const parsed = HostSaveSchema.safeParse(input)
    if (!parsed.success) throw new Error(`Host not saved: ${describeZodError(parsed.error)}`)
    const { name, url, token } = parsed.data
    if (token !== undefined && !safeStorage.isEncryptionAvailable()) {
      throw new Error('Host not saved: this system offers no encrypted storage for the token (safeStorage), and it is never written in clear.')
    }
    const { hosts } = this.read()
    putHost(hosts, name, (saved) => ({
      name,
      url,
      tokenEncrypted: token !== undefined ? safeStorage.encryptString(token).toString('base64') : saved && keepsToken(saved.url, url) ? saved.tokenEncrypted : undefined,
    }))
    this.write({ hosts })
    return this.list()
  }

  /** Removes a saved host (by name, case-insensitive) with its encrypted token. */
  remove(name: string): PublicHost[] {
    const key = hostKey(name)
    this.write({ hosts: this.read().hosts.filter((h) => hostKey(h.name) !== key) })
    return this.list()
  }

  private write(file: DesktopHostsFile): void {
    writeJsonFile(this.file, file, 0o600)
  }

  /** A saved host with its token decrypted, for main's own use only; undefined when not saved. */
  get(name: string): Host | undefined {
    const h = this.read().hosts.find((x) => hostKey(x.name) === hostKey(name))
    if (!h) return undefined
    const token = h.tokenEncrypted !== undefined ? safeStorage.decryptString(Buffer.from(h.tokenEncrypted, 'base64')) : undefined
    return { name: h.name, url: h.url, token }
  }
}

export interface RemoteGapwatch extends GapwatchClient {
  close(): void
  /** Called once when the connection closes (either side), with why in words. */
  onClose(listener: (reason: string) => void): void
}

/** Connects to a saved host (worded errors naming it) and returns it as a GapwatchClient. */
export async function connectHost(hosts: DesktopHosts, name: string, budget = new RelayBudget()): Promise<RemoteGapwatch> {
  const host = savedHost(hosts, name)
  return wrap(await connectRemote(host), host.name, budget)
}

/** A saved host with its token, or a worded error when none has that name. */
export function savedHost(hosts: DesktopHosts, name: string): Host {
  const host = hosts.get(name)
  if (!host) throw new Error(`No saved host named "${name.slice(0, 40)}".`)
  return host
}

function wrap(ws: WebSocket, name: string, budget: RelayBudget): RemoteGapwatch {
  const hub = new EventHub()
  const pending = new Map<number, { name: CommandName; resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  let nextId = 1
  let dropped: string | null = null
  ws.on('message', (raw) => {
    if (dropped) return
    // A host sending more than the window can take is dropped, as serve's relay drops a dashboard.
    if (!budget.take(rawBytes(raw))) {
      dropped = budget.exceeded(name)
      return ws.terminate()
    }
    let msg: unknown
    try {
      msg = JSON.parse(String(raw))
    } catch {
      return
    }
    const event = EventMessageSchema.safeParse(msg)
    if (event.success) return hub.dispatch(event.data.event, event.data.data)
    const reply = ResponseMessageSchema.safeParse(msg)
    const call = reply.success ? pending.get(reply.data.id) : undefined
    if (!reply.success || !call) return
    pending.delete(reply.data.id)
    if (!reply.data.ok) return call.reject(replyError(reply.data.error, reply.data.code, reply.data.retryAfterMs)) // a busy remote stays busy: the dashboard backs off
    try {
      call.resolve(parseResult(call.name, reply.data.result))
    } catch (err) {
      call.reject(err as Error)
    }
  })
  ws.on('error', () => {})
  const closeListeners: Array<(reason: string) => void> = []
  ws.on('close', (code, reason) => {
    for (const p of pending.values()) p.reject(new Error(`The connection to host "${name}" was lost.`))
    pending.clear()
    const why = dropped ?? `The connection to host "${name}" closed${reason.length ? `: ${reason.toString().slice(0, 120)}` : ` (${code})`}.`
    for (const l of closeListeners) l(why)
  })
  return {
    call(command, params) {
      const id = nextId++
      return new Promise((resolve, reject) => {
        if (ws.readyState !== ws.OPEN) return reject(new Error(`The connection to host "${name}" was lost.`))
        // A host that never answers must not make main hold every call the window makes, for ever.
        if (pending.size >= MAX_WS_PENDING_REQUESTS) return reject(new Error(`Host "${name}" has not answered ${MAX_WS_PENDING_REQUESTS} commands: no more are sent until it does.`))
        pending.set(id, { name: command, resolve: resolve as (v: unknown) => void, reject })
        ws.send(JSON.stringify({ id, command, params: params ?? {} }))
      })
    },
    on: (event, listener) => hub.on(event, listener),
    close: () => ws.close(),
    onClose: (listener) => void closeListeners.push(listener),
  }
}
