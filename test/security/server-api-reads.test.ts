// API reads from clients that never read the answer. One /api/query may be 64 metrics × 10,000
// points (~11 MB of JSON, ~1 s of the engine's thread); 100 such requests from one client that
// never read made `gapwatch serve` grow to 4.4 GB (kept after they left) and answer /api/health
// after 184 s. Now a client (an IPv4 address or an IPv6 /64) has at most MAX_API_READS_PER_CLIENT
// API reads in flight and the server MAX_API_READS, each until its answer has gone or its socket
// closed; past them 429 with Retry-After, before any work is done.
import { EventEmitter } from 'node:events'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_API_READS, MAX_API_READS_PER_CLIENT } from '../../shared/limits.ts'
import { ReadSlots } from '../../electron/server/read-slots.ts'
import { runToEnd, startServe, tempDir, type Served } from '../helpers/serve.ts'

const fakeReq = (address: string) => ({ socket: { remoteAddress: address } }) as unknown as IncomingMessage
const fakeRes = () => new EventEmitter() as unknown as ServerResponse

describe('read slots (unit)', () => {
  it(`${MAX_API_READS_PER_CLIENT} per client, ${MAX_API_READS} in all, each held until its response closes`, () => {
    const slots = new ReadSlots()
    const held: ServerResponse[] = []
    for (let i = 0; i < MAX_API_READS_PER_CLIENT; i++) {
      const res = fakeRes()
      expect(slots.take(fakeReq('10.0.0.1'), res)).toBeNull()
      held.push(res)
    }
    const refused = slots.take(fakeReq('10.0.0.1'), fakeRes())
    expect(refused).toMatchObject({ status: 429, headers: { 'retry-after': '1' } })
    expect(refused?.message).toMatch(/10\.0\.0\.1 has \d+ API reads in flight/)
    // The same /64 is the same client; another address is not.
    for (let i = 0; i < MAX_API_READS_PER_CLIENT; i++) expect(slots.take(fakeReq(`2001:db8::${i + 1}`), fakeRes())).toBeNull()
    expect(slots.take(fakeReq('2001:db8::ffff'), fakeRes())?.status).toBe(429)
    held[0].emit('close')
    expect(slots.take(fakeReq('10.0.0.1'), fakeRes())).toBeNull()
    // Fill the server up from other clients: then everyone waits.
    let n = 2 * MAX_API_READS_PER_CLIENT
    for (let a = 2; n < MAX_API_READS; a++) for (let i = 0; i < MAX_API_READS_PER_CLIENT && n < MAX_API_READS; i++, n++) expect(slots.take(fakeReq(`10.0.1.${a}`), fakeRes())).toBeNull()
    expect(slots.take(fakeReq('10.0.9.9'), fakeRes())).toMatchObject({ status: 429, message: expect.stringMatching(/in flight on this server/) })
  })
})

/** A GET whose answer is never read: the socket is paused once the request is written. */
function neverRead(port: number, target: string, from: string): net.Socket {
  const s = net.connect({ port, host: '127.0.0.1', localAddress: from }, () => {
    s.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    s.pause()
  })
  s.on('error', () => {})
  return s
}

function statusFrom(port: number, target: string, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: target, localAddress: from }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
  })
}

describe('gapwatch serve: clients that never read their API answers', () => {
  let served: Served
  beforeAll(async () => {
    const dataDir = tempDir('gw-api-reads-')
    const trace = path.resolve(import.meta.dirname, '../../resources/data/cost-trace.csv') // a week at 1/min
    expect((await runToEnd(['history', 'import', trace, '--data-dir', dataDir])).code).toBe(0)
    served = await startServe([], dataDir)
  }, 60_000)
  afterAll(async () => {
    await served.stop()
  })

  it('a client holds at most its share; others are still answered; the share comes back when it hangs up', async () => {
    const port = Number(new URL(served.url).port)
    // 64 × the week at 2-minute buckets: ~11 MB, more than the socket buffers hold.
    const big = `/api/query?metrics=${Array(64).fill('cpu.total').join(',')}&from=1795392000000&to=1795996800000&points=10000`
    const held = Array.from({ length: MAX_API_READS_PER_CLIENT }, () => neverRead(port, big, '127.0.0.2'))
    await expect.poll(() => statusFrom(port, '/api/health', '127.0.0.2'), { timeout: 60_000, interval: 500 }).toBe(429)
    expect(await statusFrom(port, '/api/health', '127.0.0.1')).toBe(200)
    for (const s of held) s.destroy()
    await expect.poll(() => statusFrom(port, '/api/health', '127.0.0.2'), { timeout: 30_000 }).toBe(200)
  }, 120_000)
})
