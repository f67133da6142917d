// The desktop hosts menu's glue (main/hosts-ipc.ts + the preload's window.gapwatchHosts) against the
// named stub of 'electron' (test/stubs/electron.ts): MOCKED because the Electron binary and the OS
// keychain cannot run here. The stub routes IPC in-process with structured clone, as Electron does,
// and its safeStorage is a reversible transform. The remote engine is a real `gapwatch serve --token`.
import fs from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import { bridgeHosts } from '../../../electron/main/hosts-ipc.ts'
import { DesktopHosts } from '../../../electron/main/hosts.ts'
import { IPC_HOSTS, IPC_REMOTE_CALL, IPC_REMOTE_EVENT, type DesktopHostsApi } from '../../../shared/hosts-ipc.ts'
import { desktopApi } from '../../../renderer/src/hosts/desktop-hosts.ts'
import { startServe, tempDir, type Served } from '../../helpers/serve.ts'
import { startHeldRemote } from '../../helpers/held-remote.ts'
import { WebSocketServer } from 'ws'
import type { AddressInfo } from 'node:net'
import { isBusy } from '../../../shared/busy.ts'
import type * as ElectronStub from '../../stubs/electron.ts'

const stub = electron as unknown as typeof ElectronStub
const TOKEN = 'remote-token-0123456789abcdef'

describe('desktop hosts over IPC', () => {
  let b: Served
  let win: InstanceType<typeof stub.BrowserWindow>
  let api: DesktopHostsApi
  let hosts: DesktopHosts
  let dispose: () => void
  const logs: string[] = []

  beforeAll(async () => {
    b = await startServe(['--interval', '250ms', '--token', TOKEN])
    win = new stub.BrowserWindow({})
    hosts = new DesktopHosts(tempDir('gw-desk-ipc-'))
    dispose = bridgeHosts(hosts, () => win.webContents as unknown as electron.WebContents, { appUrl: 'file:///app/index.html', log: (l) => logs.push(l) })
    await import('../../../electron/preload/index.ts')
    api = stub.exposed.gapwatchHosts as DesktopHostsApi
  })
  beforeEach(() => {
    win.webContents.mainFrame.url = win.webContents.url
    stub.ipcSender.sender = win.webContents
    stub.ipcSender.senderFrame = win.webContents.mainFrame
  })
  afterAll(async () => {
    dispose?.()
    await b?.stop()
  })

  it('saves through IPC with the token encrypted at rest, and never returns the token to the renderer', async () => {
    expect(await api.list()).toEqual([])
    const listed = await api.save({ name: 'vps', url: b.url, token: TOKEN })
    expect(listed).toEqual([{ name: 'vps', url: b.url, tokenSet: true }])
    const text = fs.readFileSync(hosts.file, 'utf8')
    expect(text).not.toContain(TOKEN)
    expect(stub.safeStorage.decryptString(Buffer.from(JSON.parse(text).hosts[0].tokenEncrypted, 'base64'))).toBe(TOKEN)
    // a save without a token (the form's "keep") keeps it
    expect(await api.save({ name: 'vps', url: b.url })).toEqual([{ name: 'vps', url: b.url, tokenSet: true }])
    // nothing main sent to the window holds the token
    const replies = [await api.list(), await api.check('vps')]
    expect(JSON.stringify(replies)).not.toContain(TOKEN)
    expect(JSON.stringify(win.webContents.sent)).not.toContain(TOKEN)
  })

  it('validates every IPC argument with the shared schemas and answers in words', async () => {
    const invoke = (channel: string, message: unknown) => stub.ipcRenderer.invoke(channel, message) as Promise<{ ok: boolean; error?: string }>
    expect(await invoke(IPC_HOSTS, { op: 'save', host: { name: 'x', url: 'file:///etc/passwd', token: TOKEN } })).toEqual({
      ok: false,
      error: expect.stringMatching(/^Invalid hosts request: host\.url: a URL like/),
    })
    expect(await invoke(IPC_HOSTS, { op: 'save', host: { name: 'x', url: b.url, token: 'short' } })).toMatchObject({ ok: false, error: expect.stringMatching(/host\.token: at least 16 characters/) })
    expect(await invoke(IPC_HOSTS, { op: 'drop tables' })).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid hosts request: op/) })
    expect(await invoke(IPC_HOSTS, { op: 'list', extra: 1 })).toMatchObject({ ok: false })
    expect(await invoke(IPC_HOSTS, null)).toMatchObject({ ok: false })
    expect(await invoke(IPC_REMOTE_CALL, { command: 'x'.repeat(500) })).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid remote call: command/) })
    expect(await invoke(IPC_REMOTE_CALL, { command: 'rmrf' })).toEqual({ ok: false, error: 'Unknown command "rmrf".' })
    expect(await invoke(IPC_REMOTE_CALL, { command: 'health' })).toEqual({ ok: false, error: 'No host is connected: choose one in the hosts menu.' })
    expect((await api.list()).map((h) => h.name)).toEqual(['vps']) // nothing invalid was saved
  })

  it('refuses requests from anything but the app window, logging them', async () => {
    stub.ipcSender.senderFrame = new stub.WebFrameMain('file:///app/index.html', win.webContents.mainFrame)
    await expect(api.save({ name: 'evil', url: 'http://127.0.0.1:1', token: TOKEN })).rejects.toThrow(/Refused: this page is not Gapwatch/)
    win.webContents.mainFrame.url = 'https://evil.example/'
    stub.ipcSender.senderFrame = win.webContents.mainFrame
    await expect(api.list()).rejects.toThrow(/Refused/)
    expect(logs.slice(-2)).toEqual([expect.stringMatching(/refused an IPC hosts request from a subframe/), expect.stringMatching(/from a page that is not the app/)])
    win.webContents.mainFrame.url = win.webContents.url
    expect((await api.list()).map((h) => h.name)).toEqual(['vps'])
  })

  it('connects the window to the host: commands and events come from the remote engine, through main', async () => {
    await api.connect('vps')
    expect((await api.call('health')).dataDir).toBe(b.dataDir)
    const t = await new Promise<number>((resolve) => {
      const off = api.on('sample', (s) => {
        off()
        resolve(s.t)
      })
    })
    expect(t).toBeGreaterThan(0)
    expect(win.webContents.sent.some((m) => m.channel === IPC_REMOTE_EVENT)).toBe(true)
    await expect(api.call('setSettings', { sampleIntervalMs: 1 })).rejects.toThrow(/sampleIntervalMs/) // the remote's validation, in its words
    await api.disconnect()
    await expect(api.call('health')).rejects.toThrow('No host is connected')
  })

  it('reports a wrong token in words naming the host, and removes a host with its token', async () => {
    await api.save({ name: 'bad', url: b.url, token: 'not-the-right-token-at-all' })
    expect(await api.check('bad')).toMatch(/^Host "bad" \(http:\/\/127\.0\.0\.1:\d+\) refused the token \(401\)/)
    await expect(api.connect('bad')).rejects.toThrow(/refused the token \(401\)/)
    expect(await api.check('vps')).toBeNull()
    expect(await api.remove('bad')).toEqual([{ name: 'vps', url: b.url, tokenSet: true }])
    expect(JSON.parse(fs.readFileSync(hosts.file, 'utf8')).hosts).toHaveLength(1)
  })

  it('two checks of one host at once make one request to it (a real local HTTP server), and both get the answer', async () => {
    const r = await startHeldRemote()
    try {
      await api.save({ name: 'held', url: r.url })
      const both = Promise.all([api.check('held'), api.check('HELD')])
      await expect.poll(() => r.upgrades(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1)
      r.release()
      expect(await both).toEqual([null, null])
      expect(r.upgrades()).toBe(1)
    } finally {
      await api.remove('held')
      await r.close()
    }
  })

  it('switches between hosts as the dashboard does: closing the old client leaves the new one connected', async () => {
    const c = await startServe(['--interval', '1s', '--token', TOKEN])
    try {
      await api.save({ name: 'second', url: c.url, token: TOKEN })
      const hostsApi = desktopApi(api) // what the renderer's Engine menu uses in the desktop app
      const first = await hostsApi.connect('vps')
      expect((await first.call('health')).dataDir).toBe(b.dataDir)
      // two connects at once (a reconnect racing a switch): the one asked for last holds the window
      const [raced, second] = await Promise.allSettled([hostsApi.connect('vps'), hostsApi.connect('second')]).then((r) => [r[0], r[1].status === 'fulfilled' ? r[1].value : null] as const)
      if (!second) throw new Error('the second connect failed')
      expect(raced.status === 'rejected' ? String(raced.reason) : 'connected').toMatch(/connected|was replaced by another/)
      first.close() // HostMenuRoot closes the previous engine's client after the switch
      expect((await second.call('health')).dataDir).toBe(c.dataDir)
      expect(second.state).toBe('open')
      second.close()
      await expect.poll(() => api.call('health').then(() => 'connected', (e: Error) => e.message)).toBe('No host is connected: choose one in the hosts menu.')
    } finally {
      await api.remove('second')
      await c.stop()
    }
  })

  it("keeps a busy remote's code and hint through main and the preload: the dashboard gets a BusyError and backs off", async () => {
    // A stand-in remote that answers every request busy (review finding 8: main rebuilt a plain Error).
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
    wss.on('connection', (ws) =>
      ws.on('message', (raw) => {
        const { id } = JSON.parse(String(raw)) as { id: number }
        ws.send(JSON.stringify({ id, ok: false, error: 'Busy: try again in a moment.', code: 'busy', retryAfterMs: 1234 }))
      }),
    )
    try {
      await api.save({ name: 'busy', url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`, token: TOKEN })
      const client = await desktopApi(api).connect('busy')
      const err = await client.call('health').then(() => null, (e: unknown) => e)
      expect(isBusy(err) && { message: err.message, retryAfterMs: err.retryAfterMs }).toEqual({ message: 'Busy: try again in a moment.', retryAfterMs: 1234 })
      client.close()
    } finally {
      await api.remove('busy')
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    }
  })

  it('tells the renderer when the connected host goes away, and the dashboard reconnects when it is back', async () => {
    const c = await startServe(['--interval', '1s', '--token', TOKEN])
    await api.save({ name: 'short-lived', url: c.url, token: TOKEN })
    const client = await desktopApi(api).connect('short-lived')
    try {
      const states: Array<[string, number | null]> = []
      client.onState((s, downSince) => states.push([s, downSince]))
      const closed = new Promise<string>((resolve) => api.onClosed(resolve))
      await c.stop()
      expect(await closed).toMatch(/^The connection to host "short-lived" closed/)
      expect(client.state).toBe('closed')
      await expect(client.call('health')).rejects.toThrow('No host is connected')
      // the same engine back on the same port: main dials it again and the state says open, with the gap's start
      const back = await startServe(['--interval', '1s', '--token', TOKEN, '--port', new URL(c.url).port], c.dataDir)
      try {
        await expect.poll(() => client.state, { timeout: 30_000 }).toBe('open')
        expect(states).toEqual([
          ['closed', expect.any(Number)],
          ['open', states[0][1]],
        ])
        expect((await client.call('health')).dataDir).toBe(c.dataDir)
      } finally {
        client.close()
        await back.stop()
      }
    } finally {
      client.close()
      await api.remove('short-lived')
    }
  })
})
