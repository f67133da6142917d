// WebSocket replies share one budget per client address and per server (ws-budget.ts): 120 sockets
// that never read, each allowed to fall 8 MiB behind before being dropped, once grew serve from 117 MB
// to 2.37 GB. The bound is asserted on the server's own count of bytes queued (its high-water mark),
// not on RSS. The hosts relay's early buffer (frames sent while the remote host is dialled) has a
// bound per socket and in all. Loopback only, bounded: 40 clients, 240 MiB of replies asked for.
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Engine } from '../../electron/engine/engine.ts'
import { startServer, type RunningServer } from '../../electron/server/server.ts'
import { relayPath } from '../../shared/hosts.ts'
import { MAX_RELAY_EARLY_BYTES, MAX_RELAY_EARLY_BYTES_PER_SOCKET, MAX_WS_QUEUED_BYTES_PER_ADDRESS } from '../../shared/limits.ts'
import { frame, portOf, rawWebSocket, type RawWs } from '../helpers/raw-http.ts'
import { tempDir } from '../helpers/temp.ts'

const REPLY_CHARS = 256 * 1024

/**
 * A stub engine (the engine is not under test here, the server's queue is): every command answers
 * a 256 KiB string, as a `candles` of ~6,000 candles would, and the calls are counted.
 */
function stubEngine(): { engine: Engine; calls: () => number } {
  let calls = 0
  const big = 'x'.repeat(REPLY_CHARS)
  const engine = {
    on: () => () => {},
    call: () => {
      calls++
      // Answered on a later turn, as the engine's reads are (SQLite, the pool), not at once.
      return new Promise((resolve) => setImmediate(() => resolve(big)))
    },
    dataDir: tempDir('gw-ws-budget-'),
  } as unknown as Engine
  return { engine, calls: () => calls }
}

let server: RunningServer | null = null
const cleanups: Array<() => void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) c()
  await server?.close()
  server = null
})

describe('WebSocket clients that never read', () => {
  it('keep what the server queues for their address under its bound, are dropped, and a reading client is answered after', async () => {
    const { engine, calls } = stubEngine()
    const lines: string[] = []
    server = await startServer({ engine, host: '127.0.0.1', port: 0, log: (l) => lines.push(l), quietLog: { everyMs: 0 } })
    const clients: RawWs[] = []
    cleanups.push(() => clients.forEach((c) => c.socket.destroy()))
    const request = (id: number) => frame(0x1, Buffer.from(JSON.stringify({ id, command: 'candles', params: { symbol: 'EURUSD' } })))
    // 24 replies are 6 MiB: each socket stays under its own 8 MiB bound, only their sum is caught.
    const perClient = 24
    for (let i = 0; i < 40; i++) {
      const c = await rawWebSocket(portOf(server.url))
      c.socket.pause() // never read: replies pile up on the server's side
      clients.push(c)
    }
    // One client after another, each once the previous one's replies were computed: past the
    // per-address pending bound (64) all at once, most would be refused in words before any work.
    for (const c of clients) {
      const [called, logged] = [calls(), lines.length]
      c.socket.write(Buffer.concat(Array.from({ length: perClient }, (_, k) => request(k + 1))))
      // Read by the server: it computed something or dropped the client (every drop is logged here).
      await expect.poll(() => calls() > called || lines.length > logged, { timeout: 30_000, interval: 10 }).toBe(true)
      await expect.poll(() => server!.wsStats().pending, { timeout: 30_000, interval: 10 }).toBe(0)
    }
    const addressDrop = /Too far behind \(\d+ bytes unread by 127\.0\.0\.1, at most \d+\): reconnect\. Connection dropped/
    expect(lines.some((l) => addressDrop.test(l))).toBe(true)
    for (const c of clients) c.socket.destroy()
    await expect.poll(() => server!.wsStats().queuedBytes, { timeout: 10_000 }).toBe(0)
    // Over the whole run: kept for them, the replies would have been 240 MiB; one message may go past
    // the bound (to a client with nothing queued), never more.
    const stats = server.wsStats()
    expect(stats.peakQueuedBytes).toBeGreaterThan(MAX_WS_QUEUED_BYTES_PER_ADDRESS / 2)
    expect(stats.peakQueuedBytes).toBeLessThanOrEqual(MAX_WS_QUEUED_BYTES_PER_ADDRESS + REPLY_CHARS + 100)
    // A client that reads is answered once the others are gone.
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/stream`)
    cleanups.push(() => ws.terminate())
    const reply = new Promise<{ id: number; ok: boolean }>((resolve) => ws.on('message', (m) => resolve(JSON.parse(String(m)) as { id: number; ok: boolean })))
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, command: 'candles', params: { symbol: 'EURUSD' } })))
    expect(await reply).toMatchObject({ id: 1, ok: true })
  }, 90_000)
})

describe('the hosts relay while the remote host is dialled', () => {
  /** A saved host that accepts TCP and never answers: the relay's dial waits (10 s). */
  async function hole(): Promise<string> {
    const sockets: net.Socket[] = []
    const srv = net.createServer((s) => sockets.push(s))
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => {
      sockets.forEach((s) => s.destroy())
      srv.close()
    })
    return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`
  }

  /** Opens a relay socket, sends `frames` of `size` bytes, and resolves how it was closed (or 'open'). */
  function relaySocket(name: string, frames: number, size: number): { closed: Promise<{ code: number; reason: string }>; sent: Promise<void>; ws: WebSocket } {
    const ws = new WebSocket(`${server!.url.replace('http', 'ws')}${relayPath(name)}`)
    cleanups.push(() => ws.terminate())
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })))
    const sent = new Promise<void>((resolve, reject) => {
      ws.on('error', reject)
      ws.on('open', () => {
        for (let i = 0; i < frames; i++) ws.send(Buffer.alloc(size, 0x20), i === frames - 1 ? () => resolve() : undefined)
      })
    })
    return { closed, sent, ws }
  }

  it('closes a socket that sends more than its bound, and one past the bound of all sockets, saying why', async () => {
    const { engine } = stubEngine()
    server = await startServer({ engine, host: '127.0.0.1', port: 0, log: () => {} })
    const saved = await fetch(`${server.url}/api/hosts`, { method: 'POST', body: JSON.stringify({ name: 'hole', url: await hole() }), headers: { 'content-type': 'application/json' } })
    expect(saved.status).toBe(200)

    const greedy = relaySocket('hole', 5, 250 * 1024)
    expect(await greedy.closed).toEqual({ code: 1013, reason: expect.stringMatching(new RegExp(`${MAX_RELAY_EARLY_BYTES_PER_SOCKET} bytes sent before the remote host answered`)) })

    // Sockets each under their own bound, together past the server's.
    const frames = 4
    const size = Math.floor(MAX_RELAY_EARLY_BYTES_PER_SOCKET / frames) - 1024
    const fit = Math.floor(MAX_RELAY_EARLY_BYTES / (frames * size))
    const held = []
    for (let i = 0; i < fit; i++) {
      const s = relaySocket('hole', frames, size)
      await s.sent
      held.push(s)
    }
    const over = relaySocket('hole', frames, size)
    expect(await over.closed).toEqual({ code: 1013, reason: expect.stringMatching(/Too much is waiting for remote hosts/) })
    for (const s of held) expect(s.ws.readyState).toBe(WebSocket.OPEN)
  }, 60_000)
})
