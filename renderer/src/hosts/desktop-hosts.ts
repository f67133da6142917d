// The Engine menu's hosts in the desktop app: the preload's window.gapwatchHosts (main keeps the
// hosts and dials them) as the renderer's hosts API. DOM-free, so the glue test drives it for real.
import type { GapwatchClient } from '../../../shared/contract.ts'
import { parseResult } from '../../../shared/client-core.ts'
import { replyError } from '../../../shared/busy.ts'
import type { HostSave, PublicHost } from '../../../shared/hosts.ts'
import type { DesktopHostsApi } from '../../../shared/hosts-ipc.ts'

/** How long a dropped host waits before main dials it again. */
const RETRY_MS = 2000

export interface DesktopRemoteClient extends GapwatchClient {
  readonly transport: 'ws'
  /** The saved host's name (reports saved from this client are that host's). */
  readonly host: string
  readonly state: 'open' | 'closed'
  onState(listener: (s: 'open' | 'closed', downSince: number | null) => void): () => void
  close(): void
}

export interface DesktopHosts {
  list(): Promise<PublicHost[]>
  save(host: HostSave): Promise<PublicHost[]>
  remove(name: string): Promise<PublicHost[]>
  check(name: string): Promise<string | null>
  connect(name: string): Promise<DesktopRemoteClient>
}

/** The desktop app's remote client: main holds the connection; when it drops, the state says closed. */
export function desktopApi(api: DesktopHostsApi): DesktopHosts {
  // Main keeps one connection: closing an older client must not drop the newer one.
  let latest = 0
  return {
    list: () => api.list(),
    save: (host) => api.save(host),
    remove: (name) => api.remove(name),
    check: (name) => api.check(name),
    async connect(name) {
      await api.connect(name)
      const generation = ++latest
      const current = () => generation === latest && !closed
      let closed = false
      let state: 'open' | 'closed' = 'open'
      let retry: ReturnType<typeof setTimeout> | null = null
      const listeners = new Set<(s: 'open' | 'closed', downSince: number | null) => void>()
      const setState = (s: 'open' | 'closed', downSince: number) => {
        state = s
        for (const l of listeners) l(s, downSince)
      }
      // Like the browser's WebSocket client: a dropped host is dialled again (by main) until it
      // answers; the live store then refills the gap from `downSince`.
      const offClosed = api.onClosed(() => {
        if (!current()) return
        const downSince = Date.now()
        setState('closed', downSince)
        const again = () => {
          retry = null
          if (!current()) return
          api.connect(name).then(
            () => (current() ? setState('open', downSince) : undefined),
            () => void (current() && (retry = setTimeout(again, RETRY_MS))),
          )
        }
        retry = setTimeout(again, RETRY_MS)
      })
      return {
        // The host is a `gapwatch serve`: desktop-only settings (the tray) are not its.
        transport: 'ws' as const,
        host: name,
        get state() {
          return state
        },
        // Through callReply: a busy host's code and hint reach the dashboard's backoff (a BusyError).
        async call(command, params) {
          const reply = await api.callReply(command, params)
          if (!reply.ok) throw replyError(reply.error, reply.code, reply.retryAfterMs)
          return parseResult(command, reply.result)
        },
        on: (event, listener) => api.on(event, listener),
        onState: (listener) => {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
        close: () => {
          offClosed()
          if (retry) clearTimeout(retry)
          if (current()) void api.disconnect()
          closed = true
        },
      }
    },
  }
}
