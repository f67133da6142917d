// A stand-in remote engine for host checks: a real local HTTP server that counts the WebSocket
// upgrades it receives and holds each one unanswered until the test releases them, so two checks
// are sure to overlap.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'

export interface HeldRemote {
  url: string
  /** Upgrade requests received so far. */
  upgrades(): number
  /** Accepts every held upgrade (and any later one at once). */
  release(): void
  close(): Promise<void>
}

export async function startHeldRemote(): Promise<HeldRemote> {
  const wss = new WebSocketServer({ noServer: true })
  const held: Array<{ req: http.IncomingMessage; socket: Duplex; head: Buffer }> = []
  let count = 0
  let released = false
  const accept = (u: { req: http.IncomingMessage; socket: Duplex; head: Buffer }) => wss.handleUpgrade(u.req, u.socket, u.head, () => {})
  const server = http.createServer((_req, res) => res.writeHead(404).end())
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    count++
    if (released) accept({ req, socket, head })
    else held.push({ req, socket, head })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    upgrades: () => count,
    release() {
      released = true
      for (const u of held.splice(0)) accept(u)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
