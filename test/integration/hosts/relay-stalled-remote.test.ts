// The relay's dashboard → remote direction is bounded: a remote engine that accepted the stream and
// then stopped reading (a stalled link, a hostile saved host) once had serve queue a dashboard's
// frames without end (+500 MB in 10 s). Real sockets end to end: a dashboard client, the relay's
// server side, and a remote that completes the WebSocket handshake by hand and never reads again.
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { relay } from '../../../electron/server/hosts-relay.ts'
import { MAX_RELAY_QUEUED_BYTES } from '../../../shared/limits.ts'

const FRAME = 'x'.repeat(128 * 1024)
/** Far past the bound and any kernel's socket buffers: the old relay took all of it. */
const GIVE_UP_BYTES = 64 * 1024 * 1024

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function listen(server: http.Server): Promise<number> {
  cleanups.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))
}

/** A remote that answers the upgrade and then never reads another byte. */
async function stalledRemote(): Promise<string> {
  const sockets: Duplex[] = []
  const server = http.createServer()
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    const accept = crypto.createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64')
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)
    socket.pause()
    sockets.push(socket)
  })
  const port = await listen(server)
  cleanups.push(() => sockets.forEach((s) => s.destroy()))
  return `ws://127.0.0.1:${port}`
}

/** A remote that reads everything (and counts it). */
async function readingRemote(): Promise<{ url: string; received: () => number }> {
  let received = 0
  const server = http.createServer()
  const wss = new WebSocketServer({ server })
  wss.on('connection', (ws) => ws.on('message', (d: Buffer) => (received += d.byteLength)))
  const port = await listen(server)
  cleanups.push(() => wss.clients.forEach((c) => c.terminate()))
  return { url: `ws://127.0.0.1:${port}`, received: () => received }
}

/** A relay server in front of `remoteUrl`; returns a dashboard connected to it and the relay's log. */
async function dashboardThrough(remoteUrl: string, queuedInAll?: () => number): Promise<{ dashboard: WebSocket; log: string[]; remote: WebSocket }> {
  const remote = new WebSocket(remoteUrl)
  await new Promise((resolve, reject) => remote.once('open', resolve).once('error', reject))
  cleanups.push(() => remote.terminate())
  const log: string[] = []
  const server = http.createServer()
  const wss = new WebSocketServer({ server })
  wss.on('connection', (local) => relay(local, remote, { host: 'stall', log: (l) => log.push(l), queuedInAll: queuedInAll ?? (() => remote.bufferedAmount) }))
  const port = await listen(server)
  cleanups.push(() => wss.clients.forEach((c) => c.terminate()))
  const dashboard = new WebSocket(`ws://127.0.0.1:${port}`)
  await new Promise((resolve, reject) => dashboard.once('open', resolve).once('error', reject))
  cleanups.push(() => dashboard.terminate())
  return { dashboard, log, remote }
}

/**
 * Sends frames one at a time; after each, a ping whose pong comes back only once the relay has
 * handled that frame, so a close the relay decided on arrives before the next frame goes.
 * Resolves with the close (code, reason) or null when GIVE_UP_BYTES went without one.
 */
async function sendUntilClosed(ws: WebSocket): Promise<{ code: number; reason: string; sent: number } | null> {
  let closed: { code: number; reason: string } | null = null
  ws.once('close', (code, reason) => (closed = { code, reason: reason.toString() }))
  let sent = 0
  while (sent < GIVE_UP_BYTES) {
    if (closed) return { ...(closed as { code: number; reason: string }), sent }
    ws.send(FRAME)
    sent += FRAME.length
    await new Promise<void>((resolve) => {
      const done = () => {
        ws.off('pong', done)
        ws.off('close', done)
        resolve()
      }
      ws.on('pong', done)
      ws.on('close', done)
      if (ws.readyState === WebSocket.OPEN) ws.ping()
      else done()
    })
  }
  return closed ? { ...(closed as { code: number; reason: string }), sent } : null
}

describe('the hosts relay toward a remote that does not read', () => {
  it('closes the dashboard (1013) naming the host, and lets go of the remote, instead of queueing without end', async () => {
    const { dashboard, log, remote } = await dashboardThrough(await stalledRemote())
    const closed = await sendUntilClosed(dashboard)
    expect(closed, 'the relay took 64 MiB for a remote that reads nothing').not.toBeNull()
    expect(closed?.code).toBe(1013)
    expect(closed?.reason).toMatch(/^Host "stall" is not taking what this dashboard sends/)
    expect(log.join('\n')).toMatch(/hosts: relay to stall: Host "stall" is not taking .* Connection closed\./)
    await expect.poll(() => remote.readyState).toBe(WebSocket.CLOSED)
  })

  it('closes a dashboard when relay sockets together hold the server-wide bound', async () => {
    const { dashboard, log } = await dashboardThrough(await stalledRemote(), () => MAX_RELAY_QUEUED_BYTES)
    const closed = await sendUntilClosed(dashboard)
    expect(closed?.code).toBe(1013)
    expect(closed?.reason).toMatch(/Too much is waiting for remote hosts/)
    expect(closed?.sent).toBe(FRAME.length)
    expect(log.join('\n')).toMatch(/relay to stall: Too much is waiting/)
  })

  it('never closes a dashboard whose remote keeps up, however much it sends', async () => {
    const remote = await readingRemote()
    const { dashboard } = await dashboardThrough(remote.url)
    let sent = 0
    // 8 MiB: many times the per-socket bound, paced by pings as a dashboard's commands are by replies.
    for (let i = 0; i < 64; i++) {
      dashboard.send(FRAME)
      sent += FRAME.length
      await new Promise((resolve) => dashboard.once('pong', resolve).ping())
    }
    await expect.poll(() => remote.received()).toBe(sent)
    expect(dashboard.readyState).toBe(WebSocket.OPEN)
  })
})
