// Slowloris: sockets that send no request, or its headers a byte at a time. Node's defaults (60 s,
// checked every 30 s) let them stay 76 s, and 128 of them hold a client address's every socket: on
// loopback every local client is one address, the dashboard included. serve now answers 408 and
// closes them after HTTP_HEADERS_TIMEOUT_MS (headersTimeoutMs), and a normal request still passes.
import net from 'node:net'
import os from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../electron/engine/engine.ts'
import { startServer, type RunningServer } from '../../electron/server/server.ts'
import { HTTP_HEADERS_TIMEOUT_MS } from '../../shared/limits.ts'
import { portOf } from '../helpers/raw-http.ts'

/** Static files need no engine: a stub with no events and no commands. */
const engine = { on: () => () => {}, call: () => Promise.reject(new Error('no engine')), dataDir: os.tmpdir() } as unknown as Engine

let server: RunningServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

/** Opens a socket that sends `first`, then one more byte of `trickle` every 200 ms; resolves with what came back and when it closed. */
function slowClient(port: number, first: string, trickle: string, giveUpMs: number): Promise<{ reply: string; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const socket = net.connect(port, '127.0.0.1', () => socket.write(first))
    let reply = ''
    let i = 0
    const drip = setInterval(() => socket.writable && trickle && socket.write(trickle[i++ % trickle.length]), 200)
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs)
    socket.on('data', (d) => (reply += d.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(drip)
      clearTimeout(giveUp)
      const after = performance.now() - t0
      resolve({ reply, closedAfterMs: after >= giveUpMs ? null : after })
    })
  })
}

describe('half-sent requests', () => {
  it('a silent socket and a trickled header get 408 and are closed after headersTimeoutMs', async () => {
    server = await startServer({ engine, host: '127.0.0.1', port: 0, headersTimeoutMs: 1000 })
    const port = portOf(server.url)
    const [silent, trickled] = await Promise.all([
      slowClient(port, '', '', 20_000),
      slowClient(port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'abcdefgh', 20_000),
    ])
    for (const c of [silent, trickled]) {
      expect(c.closedAfterMs).not.toBeNull() // Node's defaults kept them 76 s
      expect(c.reply).toMatch(/^HTTP\/1\.1 408 /)
    }
    // A request sent at once is answered as before.
    const ok = await fetch(`${server.url}/nothing-here`)
    expect(ok.status).toBe(404)
  }, 30_000)

  // The timeout itself is shown above with a short one; waiting out the real default would only slow the suite.
  it('by default the listening server enforces HTTP_HEADERS_TIMEOUT_MS, within the documented bound', async () => {
    expect(HTTP_HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(15_000)
    server = await startServer({ engine, host: '127.0.0.1', port: 0 })
    expect(server.headersTimeoutMs).toBe(HTTP_HEADERS_TIMEOUT_MS)
  })
})
