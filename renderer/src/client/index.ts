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
