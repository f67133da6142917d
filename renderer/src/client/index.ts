// The dashboard's client: the shared GapwatchClient plus its transport and connection state, so
// the stores depend on this one object. Inside Electron it wraps the preload's window.gapwatch
// (IPC: always open); in a browser it is the WebSocket client of `gapwatch serve`.
import type { GapwatchClient } from '../../../shared/contract.ts'
import { WsClient, type ConnectionState } from './ws-client.ts'

export type { ConnectionState }

declare global {
  interface Window {
    gapwatch?: GapwatchClient
  }
}

export interface DashboardClient extends GapwatchClient {
  /** 'ipc' in the desktop app (where the tray and other desktop-only settings apply), 'ws' in a browser. */
  readonly transport: 'ipc' | 'ws'
  readonly state: ConnectionState
  /** Connection changes; on reopening, `downSince` tells when the gap began (to refill it from history). */
  onState(listener: (s: ConnectionState, downSince: number | null) => void): () => void
  /** The saved host's name when this client is another engine's (the Engine menu's pick); absent for this machine's. */
  readonly host?: string
}

/** The preload's client as a DashboardClient: IPC does not drop, so it is always open. */
export function ipcClient(gw: GapwatchClient): DashboardClient {
  return {
    transport: 'ipc',
    state: 'open',
    call: (name, params) => gw.call(name, params),
    on: (event, listener) => gw.on(event, listener),
    onState: () => () => {},
  }
}

export function createClient(): DashboardClient {
  if (window.gapwatch) return ipcClient(window.gapwatch)
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return new WsClient(`${proto}//${location.host}/api/stream`)
}

/** The saved host whose engine the client talks to, or null for the engine that serves this dashboard. */
export function remoteHostOf(client: GapwatchClient): string | null {
  return (client as Partial<DashboardClient>).host ?? null
}

/** Whether the client talks to the engine over Electron's IPC (the desktop app). */
export function isDesktop(client: GapwatchClient): boolean {
  return (client as Partial<DashboardClient>).transport === 'ipc'
}
