// One read can carry 64 WebSocket requests of one address. Started together, all 64 results were
// computed before the first reply was queued, so the byte budgets (ws-budget.ts) counted nothing
// until they were all in memory: under the attacker's flood serve peaked at 0.9–1.8 GB. The requests
// of an address now take turns (ws-turns.ts). A stub engine stands in for the real one (the server's
// queue is under test); its results count themselves from the moment they are computed until the
// server serialises them to queue the reply (toJSON), so "computed, not yet counted" is measured
// directly, whatever the kernel's socket buffers take.
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Engine } from '../../electron/engine/engine.ts'
import { startServer, type RunningServer } from '../../electron/server/server.ts'
import { MAX_WS_QUEUED_BYTES_PER_ADDRESS, MAX_WS_WAITING_REQUESTS_PER_ADDRESS } from '../../shared/limits.ts'
import { frame, portOf, rawWebSocket, type RawWs } from '../helpers/raw-http.ts'
import { closeAfterTest } from '../helpers/close-after-test.ts'
import { tempDir } from '../helpers/temp.ts'

const REPLY_CHARS = 1024 * 1024

interface Stub {
  engine: Engine
  calls: () => number
  /** The most results computed and not yet serialised into a queued reply at once. */
  maxLive: () => number
  /** Lets the `candles` calls waiting on "a worker" go on. */
  release: () => void
}

/**
 * `query` is answered in the turn it is asked, as the engine's SQLite reads are; `candles` first
 * waits on one shared promise (a worker parsing the symbol), then computes; `bench` waits until
 * released and answers a few bytes.
 */
function stubEngine(): Stub {
  let calls = 0
  let live = 0
  let maxLive = 0
  let release = () => {}
  const worker = new Promise<void>((resolve) => (release = resolve))
  const big = 'x'.repeat(REPLY_CHARS)
  const result = () => {
    live++
    maxLive = Math.max(maxLive, live)
    return {
      toJSON: () => {
        live--
        return big
      },
    }
  }
  const engine = {
    on: () => () => {},
    call: async (command: string) => {
      calls++
      if (command === 'candles') await worker
      if (command === 'bench') {
        await worker
        return { done: true }
      }
      return result()
    },
    dataDir: tempDir('gw-ws-turns-'),
  } as unknown as Engine
  return { engine, calls: () => calls, maxLive: () => maxLive, release: () => release() }
}

let server: RunningServer | null = null
const cleanups: Array<() => void> = []
afterEach(async () => (server = await closeAfterTest(cleanups, server)))

async function stalledClient(s: RunningServer): Promise<RawWs> {
  const c = await rawWebSocket(portOf(s.url))
  cleanups.push(() => c.socket.destroy())
  c.socket.pause() // never read: replies pile up on the server's side
  return c
}

function requests(command: string, n: number): Buffer {
  return Buffer.concat(Array.from({ length: n }, (_, k) => frame(0x1, Buffer.from(JSON.stringify({ id: k + 1, command, params: {} })))))
}

describe('64 requests in one read from a client that never reads', () => {
  it('are computed one at a time, each once the reply before it is counted', async () => {
    const stub = stubEngine()
    // The per-socket bound is raised past the address's, so the address's bound is the one met.
    server = await startServer({ engine: stub.engine, host: '127.0.0.1', port: 0, log: () => {}, quietLog: { everyMs: 0 }, wsBudget: { queuedPerSocket: 4 * MAX_WS_QUEUED_BYTES_PER_ADDRESS } })
    const c = await stalledClient(server)
    c.socket.write(requests('query', 64))
    await expect.poll(() => stub.calls(), { timeout: 30_000, interval: 10 }).toBeGreaterThan(0)
    await expect.poll(() => server!.wsStats().pending, { timeout: 30_000, interval: 10 }).toBe(0)
    expect(stub.maxLive()).toBe(1)
    // How many are computed in all depends on what the kernel's socket buffers take meanwhile (tens
    // of MiB on some loopbacks); what the server holds never passes its bound by more than a reply.
    expect(server.wsStats().peakQueuedBytes).toBeLessThanOrEqual(MAX_WS_QUEUED_BYTES_PER_ADDRESS + REPLY_CHARS + 100)
  }, 60_000)

  it('waiting on a worker together, at most the waiting bound of them is computed at once', async () => {
    const stub = stubEngine()
    server = await startServer({ engine: stub.engine, host: '127.0.0.1', port: 0, log: () => {}, quietLog: { everyMs: 0 } })
    const c = await stalledClient(server)
    c.socket.write(requests('candles', 40))
    await expect.poll(() => stub.calls(), { timeout: 30_000, interval: 10 }).toBe(MAX_WS_WAITING_REQUESTS_PER_ADDRESS)
    stub.release()
    await expect.poll(() => server!.wsStats().pending, { timeout: 30_000, interval: 10 }).toBe(0)
    expect(stub.maxLive()).toBeGreaterThan(1)
    expect(stub.maxLive()).toBeLessThanOrEqual(MAX_WS_WAITING_REQUESTS_PER_ADDRESS)
  }, 60_000)
})

describe('a dashboard of the same address', () => {
  it('is answered while one of its commands waits on a worker', async () => {
    const stub = stubEngine()
    server = await startServer({ engine: stub.engine, host: '127.0.0.1', port: 0, log: () => {}, quietLog: { everyMs: 0 } })
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/stream`, { maxPayload: 64 * 1024 * 1024 })
    cleanups.push(() => ws.terminate())
    const replies: Array<{ id: number; ok: boolean }> = []
    ws.on('message', (m) => replies.push(JSON.parse(String(m)) as { id: number; ok: boolean }))
    await new Promise((resolve) => ws.on('open', resolve))
    ws.send(JSON.stringify({ id: 1, command: 'bench', params: {} }))
    ws.send(JSON.stringify({ id: 2, command: 'query', params: {} }))
    ws.send(JSON.stringify({ id: 3, command: 'query', params: {} }))
    await expect.poll(() => replies.map((r) => r.id), { timeout: 10_000 }).toEqual([2, 3])
    stub.release()
    await expect.poll(() => replies.map((r) => r.id), { timeout: 10_000 }).toEqual([2, 3, 1])
    expect(replies.every((r) => r.ok)).toBe(true)
  }, 30_000)
})
