// A hostile or broken remote engine (a saved host: serve's relay and check, the desktop's main) must
// not hold a connection attempt open for ever. Before this fix, a remote that refused the upgrade with
// an HTTP status and then an endless body kept connectRemote reading it with no end: the handshake
// timeout never fired (the socket was never idle), so `check` and `connect` never answered. Now the
// body is read up to its cap and the attempt is bounded by the timeout from start to end. The remote
// here is a real HTTP server on loopback. The first case allows 20 s, so only the cap can answer its 401.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectRemote } from '../../electron/engine/remote-host.ts'

describe('connecting to a remote that never finishes its reply', () => {
  let server: http.Server
  let url: string
  let mode: 'endless-body' | 'endless-headers' = 'endless-body'
  const sockets = new Set<Duplex>()
  let bytesSent = 0

  beforeAll(async () => {
    server = http.createServer()
    server.on('upgrade', (_req, socket: Duplex) => {
      sockets.add(socket)
      const chunk = mode === 'endless-body' ? `1000\r\n${'x'.repeat(4096)}\r\n` : `x-pad: ${'y'.repeat(100)}\r\n`
      socket.write(mode === 'endless-body' ? 'HTTP/1.1 401 Unauthorized\r\ntransfer-encoding: chunked\r\n\r\n' : 'HTTP/1.1 401 Unauthorized\r\n')
      const timer = setInterval(() => {
        bytesSent += chunk.length
        socket.write(chunk)
      }, 20)
      const stop = () => {
        clearInterval(timer)
        sockets.delete(socket)
      }
      socket.on('close', stop)
      socket.on('error', stop)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    for (const s of sockets) s.destroy()
    await new Promise((resolve) => server.close(resolve))
  })

  it('gives up on an endless error body, with the status and the start of the body, and closes the socket', async () => {
    mode = 'endless-body'
    await expect(connectRemote({ name: 'endless', url }, { timeoutMs: 20_000 })).rejects.toThrow(/^Host "endless" \(.*\) refused the token \(401\)/)
    // the remote's socket is closed by this side (its writes stop), not read for ever
    await expect.poll(() => sockets.size, { timeout: 30_000 }).toBe(0)
  })

  it('gives up when the reply never ends its headers, after the timeout', async () => {
    mode = 'endless-headers'
    bytesSent = 0
    await expect(connectRemote({ name: 'slow', url }, { timeoutMs: 1000 })).rejects.toThrow(/^Host "slow" \(.*\)/)
    await expect.poll(() => sockets.size, { timeout: 30_000 }).toBe(0)
    expect(bytesSent).toBeGreaterThan(0)
  })
})
