// The hosts this dashboard can switch to, whichever app shows it: in a browser they are saved in the
// `gapwatch serve` that served the page (HTTP /api/hosts; its relay carries the stream); in the
// desktop app they are saved in Electron's main process (window.gapwatchHosts over IPC; main dials
// the host). Either way a token goes in with a save and never comes back: the list says `tokenSet`.
import type { HostSave, PublicHost } from '../../../shared/hosts.ts'
import type { DesktopHostsApi } from '../../../shared/hosts-ipc.ts'
import { checkHost, fetchHosts, remoteClient, removeHost, saveHost, type RemoteClient } from '../client/hosts.ts'
import { Signal } from '../store/signal.ts'
import { desktopApi } from './desktop-hosts.ts'

declare global {
  interface Window {
    gapwatchHosts?: DesktopHostsApi
  }
}

export interface HostsApi {
  list(): Promise<PublicHost[]>
  save(host: HostSave): Promise<PublicHost[]>
  remove(name: string): Promise<PublicHost[]>
  /** Null when the host answers with its saved token, else why not, in words naming it. */
  check(name: string): Promise<string | null>
  /** A client for the host's engine (the previous one is closed by the caller). */
  connect(name: string): Promise<RemoteClient>
}

const browserApi: HostsApi = {
  list: fetchHosts,
  save: saveHost,
  remove: removeHost,
  check: checkHost,
  connect: (name) => Promise.resolve(remoteClient(name)),
}

export const hostsApi: HostsApi = typeof window !== 'undefined' && window.gapwatchHosts ? desktopApi(window.gapwatchHosts) : browserApi

/** The saved hosts as last read (null before the first read), and why they could not be read. */
export const savedHosts = new Signal<PublicHost[] | null>(null)
export const hostsError = new Signal<string | null>(null)

export async function refreshHosts(): Promise<void> {
  try {
    savedHosts.set(await hostsApi.list())
    hostsError.set(null)
  } catch (err) {
    hostsError.set((err as Error).message)
  }
}

export async function saveAndRefresh(host: HostSave): Promise<void> {
  savedHosts.set(await hostsApi.save(host))
}

export async function removeAndRefresh(name: string): Promise<void> {
  savedHosts.set(await hostsApi.remove(name))
}
