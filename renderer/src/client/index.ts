// Picks the transport: the preload's window.gapwatch inside Electron, the WebSocket in a browser.
import type { GapwatchClient } from '../../../shared/contract.ts'
import { WsClient } from './ws-client.ts'

declare global {
  interface Window {
    gapwatch?: GapwatchClient
  }
}

export function createClient(): { client: GapwatchClient; ws: WsClient | null } {
  if (window.gapwatch) return { client: window.gapwatch, ws: null }
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const ws = new WsClient(`${proto}//${location.host}/api/stream`)
  return { client: ws, ws }
}

/** Whether the client talks to the engine over Electron's IPC (the desktop app, where the tray and
 * other desktop-only settings apply) rather than a WebSocket (a browser on `gapwatch serve`). */
export function isDesktop(client: GapwatchClient): boolean {
  return !(client instanceof WsClient)
}
