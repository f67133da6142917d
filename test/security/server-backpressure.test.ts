// A WebSocket client that never reads is dropped once it falls MAX_WS_BUFFERED_BYTES behind,
// instead of the server buffering replies without end; a half-open socket (no pong) is reaped by
// the heartbeat, while a live client stays connected.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { frame, framesOf, portOf, rawWebSocket } from '../helpers/raw-http.ts'
import { MAX_WS_PENDING_REQUESTS } from '../../shared/limits.ts'
import { startServe, type Served } from '../helpers/serve.ts'

/** Resident memory of a process, in bytes (Linux /proc). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) * 1024
}

describe('WebSocket clients that do not keep up', () => {
  let served: Served
  let port: number
  beforeAll(async () => {
    served = await startServe(['--interval', '1s']) // the default 30 s heartbeat stays out of the way here
    port = portOf(served.url)
  })
  afterAll(async () => {
    await served.stop()
  })

  it('drops a client that sends many requests and never reads, and stays responsive with bounded memory', async () => {
    const before = rssOf(served.child.pid!)
    const ws = await rawWebSocket(port)
    ws.socket.pause() // never read: replies pile up on the server's side
    // Each reply is ~0.9 MB (20,000 candles): 600 of them would be ~540 MB held for this client.
    const request = (id: number) => frame(0x1, Buffer.from(JSON.stringify({ id, command: 'candles', params: { symbol: 'EURUSD', limit: 20_000 } })))
    ws.socket.write(Buffer.concat(Array.from({ length: 600 }, (_, i) => request(i + 1))))
    await expect.poll(() => served.stderr(), { timeout: 60_000, interval: 100 }).toMatch(/fell behind: Too far behind \(\d+ bytes unread.*Connection dropped/)
    expect((await fetch(`${served.url}/api/health`)).status).toBe(200)
    // Kept for the client, the replies would add ~540 MB; dropped, what remains is the work of the
    // burst (at most MAX_WS_PENDING_REQUESTS results at once; ~175 MB measured here, before GC).
    expect(rssOf(served.child.pid!) - before).toBeLessThan(400 * 1024 * 1024)
    ws.socket.resume()
    await ws.closed
  }, 90_000)
})

// Its own serve: every socket of one address shares the 64, and a dropped client's requests already
// computing (the flood above, under a slow CI machine) still hold theirs until they finish.
describe('requests at once from one client', () => {
  let served: Served
  let port: number
  beforeAll(async () => {
    served = await startServe(['--interval', '1s'])
    port = portOf(served.url)
  })
  afterAll(async () => {
    await served.stop()
  })

  it(`refuses requests past ${MAX_WS_PENDING_REQUESTS} at once from one client, answering each`, async () => {
    const ws = await rawWebSocket(port)
    const count = MAX_WS_PENDING_REQUESTS * 2
    // One write, one TCP segment: the server reads every request before any reply can go out.
    ws.socket.write(Buffer.concat(Array.from({ length: count }, (_, i) => frame(0x1, Buffer.from(JSON.stringify({ id: i + 1, command: 'metricNames' }))))))
    const replies = () =>
      framesOf(ws.received())
        .filter((f) => f.opcode === 0x1)
        .map((f) => JSON.parse(f.payload.toString()) as { id?: number; ok?: boolean; error?: string })
        .filter((m) => typeof m.id === 'number')
    await expect.poll(() => replies().length, { timeout: 10_000 }).toBe(count)
    const refused = replies().filter((m) => !m.ok)
    expect(refused.length).toBe(count - MAX_WS_PENDING_REQUESTS)
    expect(refused[0].error).toMatch(/Too many requests at once/)
    ws.socket.destroy()
  })
})

describe('the WebSocket heartbeat', () => {
  let served: Served
  beforeAll(async () => {
    served = await startServe(['--interval', '1s', '--heartbeat', '300ms'])
  })
  afterAll(async () => {
    await served.stop()
  })

  it('terminates a socket that never answers pings, and keeps a live client', async () => {
    const live = new WebSocket(`${served.url.replace('http', 'ws')}/api/stream`)
    let pings = 0
    live.on('ping', () => pings++)
    await new Promise((r) => live.once('open', r))
    const silent = await rawWebSocket(portOf(served.url)) // a raw socket sends no pong
    await silent.closed
    expect(served.stderr()).toMatch(/did not answer the last ping/)
    await expect.poll(() => pings, { timeout: 10_000 }).toBeGreaterThanOrEqual(3)
    expect(live.readyState).toBe(WebSocket.OPEN)
    live.close()
  }, 30_000)
})
