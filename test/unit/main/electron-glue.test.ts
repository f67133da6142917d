// The Electron glue against the named stub of 'electron' (test/stubs/electron.ts): the binary
// cannot run here. The engine behind it is real (temp data directory).
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import * as electron from 'electron'
import { appUrl, createMainWindow, isAppUrl, secureSession, CSP } from '../../../electron/main/window.ts'
import { CSP as SHARED_CSP, CSP_META } from '../../../shared/csp.ts'
import { bridgeEngine } from '../../../electron/main/ipc.ts'
import { loadWindowState, saveWindowState } from '../../../electron/main/window-state.ts'
import { utilityWorkerHost } from '../../../electron/main/worker-host.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import type { GapwatchClient } from '../../../shared/contract.ts'
import type { Sample } from '../../../shared/sample.ts'
import type { WorkerMessage } from '../../../electron/engine/pool/protocol.ts'
import { tempDir } from '../../helpers/serve.ts'
import type * as ElectronStub from '../../stubs/electron.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const stub = electron as unknown as typeof ElectronStub

describe('main window', () => {
  it('isolates the page: context isolation, sandbox, no Node, the preload bundle', () => {
    const win = createMainWindow('/app/out') as unknown as InstanceType<typeof stub.BrowserWindow>
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: path.join('/app/out', 'preload/index.cjs'),
    })
    expect(win.loaded).toBe(path.join('/app/out', 'renderer/index.html'))
  })

  it('denies new windows (https links go to the browser) and blocks navigation away', () => {
    const win = createMainWindow('/app/out') as unknown as InstanceType<typeof stub.BrowserWindow>
    expect(win.webContents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(win.webContents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(stub.calls.filter((c) => c.api === 'shell.openExternal').map((c) => c.args[0])).toEqual(['https://example.com/'])
    let prevented = 0
    const event = { preventDefault: () => prevented++ }
    win.webContents.emit('will-navigate', event, 'https://evil.example/')
    win.webContents.emit('will-navigate', event, win.webContents.getURL())
    expect(prevented).toBe(1)
  })

  it('adds a strict Content-Security-Policy to every response', () => {
    createMainWindow('/app/out')
    let headers: Record<string, string[]> = {}
    stub.session.defaultSession.webRequest.headersListener!({ responseHeaders: { 'x-a': ['1'] } }, (r) => (headers = r.responseHeaders))
    expect(headers['Content-Security-Policy']).toEqual([CSP])
    expect(CSP).toBe(SHARED_CSP)
    expect(CSP).toMatch(/default-src 'self'/)
    expect(CSP).toMatch(/frame-ancestors 'none'/)
    expect(CSP).not.toMatch(/unsafe-eval|unsafe-inline/)
  })

  it('carries the same policy in a <meta> tag of renderer/index.html, before any script', () => {
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../../renderer/index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)
    expect(meta?.[1]).toBe(CSP_META)
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'))
    // A meta tag cannot carry frame-ancestors (browsers ignore it there, with an error): the header does.
    expect(CSP_META).not.toMatch(/frame-ancestors/)
    expect(SHARED_CSP.startsWith(CSP_META)).toBe(true)
  })

  it('denies every permission request and check, logging the requests', () => {
    const s = stub.session.defaultSession
    s.setPermissionRequestHandler(null)
    s.setPermissionCheckHandler(null)
    createMainWindow('/app/out')
    expect(s.permissionRequestHandler).not.toBeNull()
    expect(s.permissionCheckHandler).not.toBeNull()
    const logs: string[] = []
    secureSession((l) => logs.push(l)) // the same defences, logging here instead of the console
    const asked = ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'hid']
    for (const permission of asked) {
      let granted: boolean | null = null
      s.permissionRequestHandler!(null, permission, (g) => (granted = g))
      expect(granted).toBe(false)
      expect(s.permissionCheckHandler!(null, permission, 'file:///')).toBe(false)
    }
    expect(logs).toEqual(asked.map((p) => `Gapwatch: denied the page's request for the "${p}" permission.`))
  })

  it('knows the app page: the built file (any hash), or the dev server origin', () => {
    const file = appUrl('/app/out', '')
    expect(file).toBe('file:///app/out/renderer/index.html')
    expect(isAppUrl('file:///app/out/renderer/index.html#/symbols', file)).toBe(true)
    expect(isAppUrl('file:///app/out/renderer/other.html', file)).toBe(false)
    expect(isAppUrl('file:///tmp/evil.html', file)).toBe(false)
    expect(isAppUrl('https://evil.example/', file)).toBe(false)
    expect(isAppUrl('not a url', file)).toBe(false)
    const dev = appUrl('/app/out', 'http://localhost:5173/')
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
  })
})

describe('IPC bridge and preload', () => {
  let engine: Engine
  let win: InstanceType<typeof stub.BrowserWindow>
  let client: GapwatchClient
  const logs: string[] = []
  beforeAll(async () => {
    engine = new Engine({ dataDir: tempDir('gw-ipc-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    win = new stub.BrowserWindow({})
    bridgeEngine(engine, () => win.webContents as unknown as electron.WebContents, { appUrl: 'file:///app/index.html', log: (l) => logs.push(l) })
    await import('../../../electron/preload/index.ts')
    client = stub.exposed.gapwatch as GapwatchClient
  })
  beforeEach(() => {
    // The app's own window, main frame and page, as Electron reports them.
    win.webContents.mainFrame.url = win.webContents.url
    stub.ipcSender.sender = win.webContents
    stub.ipcSender.senderFrame = win.webContents.mainFrame
  })
  afterAll(async () => {
    await engine.stop()
  })

  it('refuses and logs calls from anything but the app window main frame on the app page', async () => {
    const calls: string[] = []
    const off = engine.on('settings', () => calls.push('settings'))
    const strangers: Array<[string, () => void]> = [
      ['subframe', () => (stub.ipcSender.senderFrame = new stub.WebFrameMain('file:///app/index.html', win.webContents.mainFrame))],
      ['navigated away', () => (win.webContents.mainFrame.url = 'https://evil.example/')],
      ['another webContents', () => {
        const other = new stub.WebContents()
        stub.ipcSender.sender = other
        stub.ipcSender.senderFrame = other.mainFrame
      }],
      ['frame gone', () => (stub.ipcSender.senderFrame = null)],
    ]
    for (const [what, act] of strangers) {
      stub.ipcSender.sender = win.webContents
      stub.ipcSender.senderFrame = win.webContents.mainFrame
      win.webContents.mainFrame.url = win.webContents.url
      act()
      await expect(client.call('setSettings', { workers: 5 }), what).rejects.toThrow(/Refused: this page is not Gapwatch/)
    }
    off()
    expect(calls).toEqual([]) // the engine never saw them
    expect(logs).toHaveLength(4)
    expect(logs[0]).toMatch(/refused an IPC call \(setSettings\) from a subframe/)
    expect(logs[1]).toMatch(/from a page that is not the app \(https:\/\/evil\.example\/\)/)
    expect(logs[2]).toMatch(/from a webContents that is not the app window/)
    expect(logs[3]).toMatch(/from a frame that is gone/)
  })

  it('exposes only the GapwatchClient methods on window.gapwatch', () => {
    expect(Object.keys(client).sort()).toEqual(['call', 'on'])
  })

  it('forwards commands to the engine and validates the reply', async () => {
    const settings = await client.call('getSettings')
    expect(settings.sampleIntervalMs).toBe(1000)
    const saved = await client.call('setSettings', { workers: 3 })
    expect(saved.workers).toBe(3)
    expect(engine.settings.get().workers).toBe(3) // the engine itself holds it, not just the reply
    await expect(client.call('setSettings', { sampleIntervalMs: 1 })).rejects.toThrow(/sampleIntervalMs/)
    // A reply that does not match the contract is refused by the preload, not handed to the page.
    const call = vi.spyOn(engine, 'call').mockResolvedValueOnce({ sampleIntervalMs: 'fast' } as never)
    await expect(client.call('getSettings')).rejects.toThrow(/getSettings|sampleIntervalMs/)
    expect(call).toHaveBeenCalledTimes(1)
    call.mockRestore()
  })

  it('pushes engine events to the page and drops invalid ones', () => {
    const warnings: string[] = []
    const samples: Sample[] = []
    client.on('warning', (w) => warnings.push(w.message))
    client.on('sample', (s) => samples.push(s))
    engine.emit('warning', { source: 'test', message: 'disk nearly full' })
    engine.emit('sample', { t: 1 } as unknown as Sample) // malformed: must not reach the page
    expect(warnings).toEqual(['disk nearly full'])
    expect(samples).toEqual([])
    // Both were sent over IPC; the preload's validation is what stopped the malformed one.
    const sent = win.webContents.sent.filter((m) => m.channel === 'gapwatch:event').map((m) => (m.args[0] as { event: string }).event)
    expect(sent.slice(-2)).toEqual(['warning', 'sample'])
  })
})

describe('window state', () => {
  it('round-trips bounds and moves a window whose display is gone back on screen', () => {
    const dir = tempDir('gw-win-')
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }]
    expect(loadWindowState(dir, displays)).toBeNull()
    saveWindowState(dir, { bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: false })
    expect(loadWindowState(dir, displays)).toEqual({ bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: false })
    saveWindowState(dir, { bounds: { x: 5000, y: 50, width: 1200, height: 800 }, maximized: true })
    expect(loadWindowState(dir, displays)).toEqual({ bounds: { x: 0, y: 0, width: 1200, height: 800 }, maximized: true })
    fs.writeFileSync(path.join(dir, 'window-state.json'), '{not json')
    expect(loadWindowState(dir, displays)).toBeNull()
  })

  it('saving never throws (it runs from a timer): a profile it cannot write gives false', () => {
    const file = path.join(tempDir('gw-win-'), 'a-file')
    fs.writeFileSync(file, 'x')
    const state = { bounds: { x: 0, y: 0, width: 1200, height: 800 }, maximized: false }
    expect(saveWindowState(path.join(file, 'profile'), state)).toBe(false) // ENOTDIR
    expect(saveWindowState(path.dirname(file), state)).toBe(true)
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
  })
})

describe('utility-process worker host', () => {
  it('forks the built worker and passes messages both ways', () => {
    const forkSpy = vi.spyOn(stub.utilityProcess, 'fork')
    const handle = utilityWorkerHost('/app/out/main/worker.js').spawn()
    const fork = stub.calls.find((c) => c.api === 'utilityProcess.fork')!
    expect(fork.args[0]).toBe('/app/out/main/worker.js')
    expect(handle.pid).toBe(4242)
    // host → worker
    handle.send({ type: 'job', jobId: 1, spec: { kind: 'scan', symbol: 'X', source: { kind: 'file', path: '/x.csv' }, options: {} as never } })
    expect(stub.calls.at(-1)).toMatchObject({ api: 'postMessage', args: [{ type: 'job', jobId: 1 }] })
    // worker → host: what the utility process posts reaches the pool's listener, in order, unchanged
    const child = forkSpy.mock.results[0].value as NodeJS.EventEmitter & { kill: () => boolean }
    forkSpy.mockRestore()
    const received: WorkerMessage[] = []
    handle.onMessage((m) => received.push(m))
    const sent: WorkerMessage[] = [
      { type: 'ready', pid: 4242 },
      { type: 'progress', jobId: 1, stage: 'scan', fraction: 0.5 },
      { type: 'error', jobId: 1, message: 'x.csv: no such file' },
    ]
    for (const m of sent) child.emit('message', m)
    expect(received).toEqual(sent)
    // its exit (a utility process reports a code only) and kill() reach the process
    const exits: Array<[number | null, string | null]> = []
    handle.onExit((code, signal) => exits.push([code, signal]))
    const kill = vi.spyOn(child, 'kill')
    handle.kill()
    expect(kill).toHaveBeenCalledTimes(1)
    child.emit('exit', 3)
    child.emit('exit', 3)
    expect(exits).toEqual([[3, null]])
  })
})
