// Relays a remote engine's contract stream (opened by engine/remote-host.ts) to a dashboard
// socket connected here.
import { WebSocket } from 'ws'
import { MAX_WS_BUFFERED_BYTES } from '../../shared/limits.ts'

/** Pipes frames both ways between a dashboard socket and a remote engine's; either closing closes both. */
export function relay(local: WebSocket, remote: WebSocket, log: (line: string) => void): void {
  local.on('message', (data, isBinary) => remote.readyState === WebSocket.OPEN && remote.send(data, { binary: isBinary }))
  remote.on('message', (data, isBinary) => {
    if (local.readyState !== WebSocket.OPEN) return
    // A dashboard that falls behind is dropped (it reconnects), as on the engine's own stream.
    if (local.bufferedAmount > MAX_WS_BUFFERED_BYTES) {
      log(`hosts: a dashboard fell ${local.bufferedAmount} bytes behind the relay: connection dropped`)
      local.close(1013, 'Too far behind: reconnect')
      return local.terminate()
    }
    local.send(data, { binary: isBinary })
  })
  local.on('error', (err) => log(`hosts: dashboard socket: ${err.message}`))
  remote.on('error', (err) => log(`hosts: remote socket: ${err.message}`))
  local.on('close', () => remote.close())
  remote.on('close', () => local.readyState === WebSocket.OPEN && local.close(1011, 'The remote engine closed the connection.'))
}
