// The desktop's relay of a remote host's stream is bounded like serve's relay: a host sending more
// than MAX_WS_BUFFERED_BYTES per second is dropped with a worded reason. Against a real local
// WebSocket server standing in for the remote engine; the clock is frozen (injected) so the test
// does not depend on how fast this machine moves the bytes.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { DesktopHosts, connectHost } from '../../../electron/main/hosts.ts'
import { RelayBudget, rawBytes } from '../../../electron/main/relay-budget.ts'
import { MAX_WS_BUFFERED_BYTES } from '../../../shared/limits.ts'
import { tempDir } from '../../helpers/temp.ts'

describe('RelayBudget', () => {
  it('defaults to the bound serve relays with, per second', () => {
    const b = new RelayBudget()
    expect(b.bytes).toBe(MAX_WS_BUFFERED_BYTES)
    expect(b.windowMs).toBe(1000)
  })

  it('allows up to its bytes in one window, refuses past them, and starts again in the next window', () => {
    let now = 5_000
    const b = new RelayBudget({ bytes: 100, windowMs: 1000, now: () => now })
    expect(b.take(60)).toBe(true)
    expect(b.take(40)).toBe(true)
    expect(b.take(1)).toBe(false)
    now += 999
    expect(b.take(1)).toBe(false)
    now += 1
    expect(b.take(100)).toBe(true)
  })

  it('sizes every shape of frame ws delivers', () => {
    expect(rawBytes(Buffer.alloc(7))).toBe(7)
    expect(rawBytes(new ArrayBuffer(5))).toBe(5)
    expect(rawBytes([Buffer.alloc(2), Buffer.alloc(3)])).toBe(5)
  })
})

describe('connectHost: a remote sending past the budget is dropped', () => {
  const closers: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const c of closers.splice(0)) await c()
  })

  /** A stand-in remote engine: sends `frames` once the client sends anything, and reports its socket closing. */
  async function remote(frames: string[]): Promise<{ url: string; closed: Promise<void> }> {
    const server = http.createServer()
    const wss = new WebSocketServer({ server })
    let closedResolve: () => void = () => {}
    const closed = new Promise<void>((resolve) => (closedResolve = resolve))
    wss.on('connection', (ws: WebSocket) => {
      ws.on('close', () => closedResolve())
      ws.once('message', () => frames.forEach((f) => ws.send(f)))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(async () => {
      for (const c of wss.clients) c.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closed }
  }

  const warning = (n: number) => JSON.stringify({ event: 'warning', data: { source: 'test', message: `${n}:${'x'.repeat(500)}` } })

  it('forwards events within the budget, then drops the host with a reason naming it', async () => {
    const frames = [warning(1), warning(2), warning(3)]
    const r = await remote(frames)
    const hosts = new DesktopHosts(tempDir('gw-desk-budget-'))
    hosts.save({ name: 'flood', url: r.url })
    // Room for two frames in one (frozen) window: the third passes the bound.
    const budget = new RelayBudget({ bytes: Buffer.byteLength(frames[0]) * 2 + 10, now: () => 0 })
    const client = await connectHost(hosts, 'flood', budget)
    const seen: string[] = []
    client.on('warning', (w) => seen.push(w.message.split(':')[0]))
    const reason = new Promise<string>((resolve) => client.onClose(resolve))
    await expect(client.call('health')).rejects.toThrow('The connection to host "flood" was lost.') // sets the remote sending
    expect(await reason).toBe(`Host "flood" sent more than ${budget.bytes / 1024 / 1024} MiB in 1 s, more than the window can take: disconnected (reconnect to resume).`)
    expect(seen).toEqual(['1', '2'])
    await r.closed // the remote's side of the connection is gone too
  })

  it('keeps a host whose events stay within the budget', async () => {
    const frames = [warning(1), warning(2), warning(3)]
    const r = await remote(frames)
    const hosts = new DesktopHosts(tempDir('gw-desk-budget-'))
    hosts.save({ name: 'calm', url: r.url })
    const client = await connectHost(hosts, 'calm', new RelayBudget({ now: () => 0 }))
    const seen: string[] = []
    client.on('warning', (w) => seen.push(w.message.split(':')[0]))
    const call = client.call('health').catch((err: Error) => err.message) // sets the remote sending (it never replies)
    await expect.poll(() => seen, { timeout: 30_000 }).toEqual(['1', '2', '3'])
    let closed = false
    client.onClose(() => (closed = true))
    expect(closed).toBe(false)
    client.close()
    expect(await call).toBe('The connection to host "calm" was lost.')
  })
})
