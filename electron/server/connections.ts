// Bounds on the sockets `gapwatch serve` holds: in all (server.maxConnections; Node closes the
// next one at once) and per client address. Without them, sockets that never finish a request
// (no credentials needed to open one) took every file descriptor the process had, and the engine's
// sampler and store failed with EMFILE. Refusals are logged at most every 10 s, with a count.
import type net from 'node:net'
import { MAX_HTTP_CONNECTIONS, MAX_HTTP_CONNECTIONS_PER_ADDRESS } from '../../shared/limits.ts'
import { limitKey } from './rate-limit.ts'
import { ClientCounts } from './client-counts.ts'
import { quietLog, type QuietLogOptions } from './quiet-log.ts'

export interface ConnectionLimits {
  max?: number
  perAddress?: number
  log: (line: string) => void
  quietLog?: QuietLogOptions
}

export function limitConnections(server: net.Server, o: ConnectionLimits): void {
  const perAddress = o.perAddress ?? MAX_HTTP_CONNECTIONS_PER_ADDRESS
  server.maxConnections = o.max ?? MAX_HTTP_CONNECTIONS
  const open = new ClientCounts()
  /** The first refusal of a kind is logged, then at most one line (with the count since) every 10 s. */
  const note = quietLog(o.log, o.quietLog)
  server.once('close', () => note.flush())

  server.on('drop', () => {
    note('', (n) => `http: connections refused past ${server.maxConnections} at once (${n} since the last note)`)
  })
  server.on('connection', (socket: net.Socket) => {
    const address = limitKey(socket.remoteAddress ?? 'unknown') // an IPv6 client's whole /64 counts as one
    if (open.get(address) >= perAddress) {
      socket.destroy()
      note(address, (c) => `http: connections from ${address} refused past ${perAddress} at once (${c} since the last note)`)
      return
    }
    open.add(address)
    socket.once('close', () => open.release(address))
  })
}
