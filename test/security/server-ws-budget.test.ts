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
import { BUSY_CODE, BUSY_RETRY_AFTER_MS } from '../../shared/busy.ts'
import { relayPath } from '../../shared/hosts.ts'
import { MAX_RELAY_EARLY_BYTES, MAX_RELAY_EARLY_BYTES_PER_SOCKET, MAX_WS_QUEUED_BYTES_PER_ADDRESS } from '../../shared/limits.ts'
import { frame, portOf, rawWebSocket, type RawWs } from '../helpers/raw-http.ts'
import { closeAfterTest } from '../helpers/close-after-test.ts'
import { tempDir } from '../helpers/temp.ts'

const REPLY_CHARS = 256 * 1024

/**
 * A stub engine (the engine is not under test here, the server's queue is): every command answers
 * a 256 KiB string, as a `candles` of ~6,000 candles would, and the calls are counted.
 */
function stubEngine(replyChars = REPLY_CHARS): { engine: Engine; calls: () => number } {
  let calls = 0
  const big = 'x'.repeat(replyChars)
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
afterEach(async () => (server = await closeAfterTest(cleanups, server)))

describe('WebSocket clients that never read', () => {
  it('keep what the server queues for their address under its bound, and a reading client of that address is refused in words, not dropped, and answered once they are gone', async () => {
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
    // Bytes others hold do not drop a client that reads: its request is refused in words, the
    // socket stays open, and once the others are gone it is answered.
    expect(lines.some((l) => /Connection dropped/.test(l))).toBe(false)
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/stream`)
    cleanups.push(() => ws.terminate())
    const replies: Array<{ id: number; ok: boolean; error?: string; code?: string; retryAfterMs?: number }> = []
    ws.on('message', (m) => replies.push(JSON.parse(String(m)) as { id: number; ok: boolean; error?: string }))
    await new Promise((resolve) => ws.on('open', resolve))
    ws.send(JSON.stringify({ id: 1, command: 'candles', params: { symbol: 'EURUSD' } }))
    await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(1)
    expect(replies[0]).toEqual({ id: 1, ok: false, error: expect.stringMatching(/busy sending earlier replies to this address \(127\.0\.0\.1\); try again/), code: BUSY_CODE, retryAfterMs: BUSY_RETRY_AFTER_MS })
    expect(ws.readyState).toBe(WebSocket.OPEN)
    for (const c of clients) c.socket.destroy()
    await expect.poll(() => server!.wsStats().queuedBytes, { timeout: 10_000 }).toBe(0)
    // Over the whole run: kept for them, the replies would have been 240 MiB; one message may go past
    // the bound (to a client with nothing queued), never more.
    const stats = server.wsStats()
    expect(stats.peakQueuedBytes).toBeGreaterThan(MAX_WS_QUEUED_BYTES_PER_ADDRESS / 2)
    expect(stats.peakQueuedBytes).toBeLessThanOrEqual(MAX_WS_QUEUED_BYTES_PER_ADDRESS + REPLY_CHARS + 100)
    ws.send(JSON.stringify({ id: 2, command: 'candles', params: { symbol: 'EURUSD' } }))
    await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(2)
    expect(replies[1]).toMatchObject({ id: 2, ok: true })
  }, 90_000)

  it('two tabs of one address open History: the second is told to try again while the first reply goes out, and is not closed', async () => {
    // An ~11 MB query reply (limits.ts): one is under the address's 16 MiB, two are past it.
    const { engine } = stubEngine(11 * 1000 * 1000)
    server = await startServer({ engine, host: '127.0.0.1', port: 0, log: () => {}, quietLog: { everyMs: 0 } })
    // Tab A on a slow link: its reply is still being written (here: the socket is not read yet).
    const a = await rawWebSocket(portOf(server.url))
    cleanups.push(() => a.socket.destroy())
    a.socket.pause()
    a.socket.write(frame(0x1, Buffer.from(JSON.stringify({ id: 1, command: 'query', params: {} }))))
    await expect.poll(() => server!.wsStats().queuedBytes, { timeout: 10_000 }).toBeGreaterThan(0)
    const b = new WebSocket(`${server.url.replace('http', 'ws')}/api/stream`, { maxPayload: 64 * 1024 * 1024 })
    cleanups.push(() => b.terminate())
    const replies: Array<{ id: number; ok: boolean; error?: string; code?: string; retryAfterMs?: number }> = []
    b.on('message', (m) => replies.push(JSON.parse(String(m)) as { id: number; ok: boolean; error?: string }))
    await new Promise((resolve) => b.on('open', resolve))
    b.send(JSON.stringify({ id: 2, command: 'query', params: {} }))
    await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(1)
    // With a code and a hint the dashboard retries on (shared/busy.ts), not only words.
    expect(replies[0]).toEqual({ id: 2, ok: false, error: expect.stringMatching(/busy sending earlier replies to this address.*try again/), code: BUSY_CODE, retryAfterMs: BUSY_RETRY_AFTER_MS })
    expect(b.readyState).toBe(WebSocket.OPEN)
    // Tab A has its reply (read now); tab B asks again and is answered.
    a.socket.resume()
    await expect.poll(() => server!.wsStats().queuedBytes, { timeout: 10_000 }).toBe(0)
    b.send(JSON.stringify({ id: 3, command: 'query', params: {} }))
    await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(2)
    expect(replies[1]).toMatchObject({ id: 3, ok: true })
  }, 60_000)
})

describe('events while sockets of the same address do not read', () => {
  it('drop the socket holding the most bytes, never the one that keeps up, which gets every event', async () => {
    // A stub engine whose events the test emits (the engine is not under test, the queue is).
    const listeners = new Set<(data: unknown) => void>()
    const engine = {
      on: (event: string, listener: (data: unknown) => void) => {
        if (event !== 'sample') return () => {}
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      call: () => Promise.resolve(null),
      dataDir: tempDir('gw-ws-events-'),
    } as unknown as Engine
    const lines: string[] = []
    server = await startServer({ engine, host: '127.0.0.1', port: 0, log: (l) => lines.push(l), quietLog: { everyMs: 0 } })
    const stalled: RawWs[] = []
    cleanups.push(() => stalled.forEach((c) => c.socket.destroy()))
    for (let i = 0; i < 4; i++) {
      const c = await rawWebSocket(portOf(server.url))
      c.socket.pause()
      stalled.push(c)
    }
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/stream`)
    cleanups.push(() => ws.terminate())
    let got = 0
    ws.on('message', () => got++)
    await new Promise((resolve) => ws.on('open', resolve))
    await expect.poll(() => listeners.size, { timeout: 10_000 }).toBeGreaterThan(0)
    // 200 events of 256 KiB: 50 MiB for each stalled socket if nothing were bounded (more than the
    // kernel buffers of a loopback connection take); each socket
    // stays under its own 8 MiB until their sum passes the address's 16 MiB.
    const data = 'x'.repeat(REPLY_CHARS)
    for (let i = 1; i <= 200; i++) {
      for (const l of listeners) l(data)
      await expect.poll(() => got, { timeout: 10_000, interval: 5 }).toBe(i)
    }
    expect(ws.readyState).toBe(WebSocket.OPEN)
    expect(lines.some((l) => /Too far behind \(\d+ bytes unread here, \d+ by 127\.0\.0\.1, at most \d+\): reconnect\. Connection dropped/.test(l))).toBe(true)
    expect(server.wsStats().peakQueuedBytes).toBeLessThanOrEqual(MAX_WS_QUEUED_BYTES_PER_ADDRESS + REPLY_CHARS + 100)
  }, 60_000)
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
