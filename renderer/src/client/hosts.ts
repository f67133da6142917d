// The other engines this dashboard can watch, through the engine that served it: the saved hosts
// (names and URLs; a token is only ever "set"), a check of one host's connection in words, and a
// client for a host's relayed stream. Only names go out: the engine dials the URL it saved.
import { PublicHostsSchema, checkPath, relayPath, type HostSave, type PublicHost } from '../../../shared/hosts.ts'
import type { DashboardClient } from './index.ts'
import { WsClient } from './ws-client.ts'

async function errorOf(res: Response): Promise<string> {
  const body: unknown = await res.json().catch(() => null)
  const error = (body as { error?: unknown } | null)?.error
  return typeof error === 'string' ? error : `HTTP ${res.status}`
}

/** The saved hosts of the engine that served this page; throws with the engine's words. */
export async function fetchHosts(): Promise<PublicHost[]> {
  const res = await fetch('/api/hosts', { credentials: 'include' })
  if (!res.ok) throw new Error(`The saved hosts could not be read: ${await errorOf(res)}`)
  return PublicHostsSchema.parse(await res.json()).hosts
}

/** Saves a host in the engine that served this page (no token keeps the saved one); the hosts after it. */
export async function saveHost(host: HostSave): Promise<PublicHost[]> {
  const res = await fetch('/api/hosts', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify(host) })
  if (!res.ok) throw new Error(await errorOf(res))
  return PublicHostsSchema.parse(await res.json()).hosts
}

/** Removes a saved host (and its token) from the engine that served this page. */
export async function removeHost(name: string): Promise<PublicHost[]> {
  const res = await fetch(`/api/hosts?name=${encodeURIComponent(name)}`, { method: 'DELETE', credentials: 'include' })
  if (!res.ok) throw new Error(`"${name}" was not removed: ${await errorOf(res)}`)
  return PublicHostsSchema.parse(await res.json()).hosts
}

/** Null when the host answers with the saved token, else why not, in words naming the host. */
export async function checkHost(name: string): Promise<string | null> {
  let res: Response
  try {
    res = await fetch(checkPath(name), { credentials: 'include' })
  } catch {
    return `The local engine did not answer while checking "${name}".`
  }
  return res.ok ? null : errorOf(res)
}

export interface RemoteClient extends DashboardClient {
  close(): void
}

/** A client for a saved host's stream, relayed by the local engine. CSV imports go to the host itself. */
export function remoteClient(name: string): RemoteClient {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const ws = new WsClient(`${proto}//${location.host}${relayPath(name)}`)
  return {
    transport: 'ws',
    host: name,
    get state() {
      return ws.state
    },
    call: (command, params) =>
      command === 'importCsv' ? Promise.reject(new Error(`Import CSV files on "${name}" itself: the relay carries no uploads.`)) : ws.call(command, params),
    on: (event, listener) => ws.on(event, listener),
    onState: (listener) => ws.onState(listener),
    close: () => ws.close(),
  }
}
