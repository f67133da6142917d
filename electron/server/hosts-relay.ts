// Relays a remote engine's contract stream (opened by engine/remote-host.ts) to a dashboard
// socket connected here.
import { WebSocket, type RawData } from 'ws'
import { MAX_RELAY_QUEUED_BYTES, MAX_RELAY_QUEUED_BYTES_PER_SOCKET, MAX_WS_BUFFERED_BYTES } from '../../shared/limits.ts'
import { closeReason } from './reply.ts'

export interface RelayOptions {
  /** The saved host's name, for the log and the close reason. */
  host: string
  log: (line: string) => void
  /** Bytes queued toward remote hosts by every relay socket of this server, this one included. */
  queuedInAll: () => number
}

export function frameBytes(data: RawData): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength
}

/** Pipes frames both ways between a dashboard socket and a remote engine's; either closing closes both. */
export function relay(local: WebSocket, remote: WebSocket, o: RelayOptions): void {
  local.on('message', (data, isBinary) => {
    if (remote.readyState !== WebSocket.OPEN) return
    // A remote that does not take what the dashboard sends (a stalled link, a peer that never
    // reads) would have the frames queued here without end: past a bound the dashboard is closed.
    const size = frameBytes(data)
    const over =
      remote.bufferedAmount + size > MAX_RELAY_QUEUED_BYTES_PER_SOCKET
        ? `Host "${o.host}" is not taking what this dashboard sends (${remote.bufferedAmount} bytes waiting).`
        : o.queuedInAll() + size > MAX_RELAY_QUEUED_BYTES
          ? 'Too much is waiting for remote hosts to take on this server: retry in a few seconds.'
          : null
    if (over) {
      o.log(`hosts: relay to ${o.host}: ${over} Connection closed.`)
      local.close(1013, closeReason(over))
      return remote.terminate()
    }
    remote.send(data, { binary: isBinary })
  })
  remote.on('message', (data, isBinary) => {
    if (local.readyState !== WebSocket.OPEN) return
    // A dashboard that falls behind is dropped (it reconnects), as on the engine's own stream.
    if (local.bufferedAmount > MAX_WS_BUFFERED_BYTES) {
      o.log(`hosts: a dashboard fell ${local.bufferedAmount} bytes behind the relay: connection dropped`)
      local.close(1013, 'Too far behind: reconnect')
      return local.terminate()
    }
    local.send(data, { binary: isBinary })
  })
  local.on('error', (err) => o.log(`hosts: dashboard socket: ${err.message}`))
  remote.on('error', (err) => o.log(`hosts: remote socket: ${err.message}`))
  local.on('close', () => remote.close())
  remote.on('close', () => local.readyState === WebSocket.OPEN && local.close(1011, 'The remote engine closed the connection.'))
}
