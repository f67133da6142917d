// A remote engine that takes commands and never answers them (hostile, or hung) must not make the
// desktop's main process keep every unanswered call for ever: before this fix each call the window
// made (views poll) added one more pending entry and one more IPC reply main held open, without
// end. Now at most MAX_WS_PENDING_REQUESTS calls wait on a host at once, as serve allows a client;
// more are refused in words until it answers. The silent remote is a real WebSocket server; the
// desktop's safeStorage is the named stub's (test/stubs/electron.ts): MOCKED, no OS keychain here.
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { DesktopHosts, connectHost } from '../../electron/main/hosts.ts'
import { MAX_WS_PENDING_REQUESTS } from '../../shared/limits.ts'
import { tempDir } from '../helpers/temp.ts'

describe('a remote host that never answers', () => {
  let wss: WebSocketServer
  let url: string
  let received = 0

  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    wss.on('connection', (ws) => ws.on('message', () => received++))
    await new Promise<void>((resolve) => wss.once('listening', resolve))
    url = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    for (const c of wss.clients) c.terminate()
    await new Promise((resolve) => wss.close(resolve))
  })

  it('keeps at most MAX_WS_PENDING_REQUESTS calls waiting, refuses more in words, and fails them all on close', async () => {
    const hosts = new DesktopHosts(tempDir('gw-silent-'))
    hosts.save({ name: 'silent', url })
    const remote = await connectHost(hosts, 'silent')
    const waiting = Array.from({ length: MAX_WS_PENDING_REQUESTS }, () => remote.call('health').then(() => 'answered', (e: Error) => e.message))
    await expect(remote.call('health')).rejects.toThrow(`Host "silent" has not answered ${MAX_WS_PENDING_REQUESTS} commands`)
    await expect.poll(() => received, { timeout: 30_000 }).toBe(MAX_WS_PENDING_REQUESTS)
    remote.close()
    for (const r of await Promise.all(waiting)) expect(r).toMatch(/connection to host "silent" was lost/)
  })
})
