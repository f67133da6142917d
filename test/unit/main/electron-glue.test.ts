// The Electron glue against the named stub of 'electron' (test/stubs/electron.ts): the binary
// cannot run here. The engine behind it is real (temp data directory).
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import { createMainWindow, CSP } from '../../../electron/main/window.ts'
import { bridgeEngine } from '../../../electron/main/ipc.ts'
import { loadWindowState, saveWindowState } from '../../../electron/main/window-state.ts'
import { utilityWorkerHost } from '../../../electron/main/worker-host.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import type { GapwatchClient } from '../../../shared/contract.ts'
import type { Sample } from '../../../shared/sample.ts'
import { tempDir } from '../../helpers/serve.ts'
import type * as ElectronStub from '../../stubs/electron.ts'

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
    expect(CSP).toMatch(/default-src 'self'/)
    expect(CSP).not.toMatch(/unsafe-eval/)
  })
})

describe('IPC bridge and preload', () => {
  let engine: Engine
  let win: InstanceType<typeof stub.BrowserWindow>
  let client: GapwatchClient
  beforeAll(async () => {
    engine = new Engine({ dataDir: tempDir('gw-ipc-'), scanOnFirstRun: false })
    win = new stub.BrowserWindow({})
    bridgeEngine(engine, () => win.webContents as unknown as electron.WebContents)
    await import('../../../electron/preload/index.ts')
    client = stub.exposed.gapwatch as GapwatchClient
  })
  afterAll(async () => {
    await engine.stop()
  })

  it('exposes only the GapwatchClient methods on window.gapwatch', () => {
    expect(Object.keys(client).sort()).toEqual(['call', 'on'])
  })

  it('forwards commands to the engine and validates the reply', async () => {
    const settings = await client.call('getSettings')
    expect(settings.sampleIntervalMs).toBe(1000)
    const saved = await client.call('setSettings', { workers: 3 })
    expect(saved.workers).toBe(3)
    await expect(client.call('setSettings', { sampleIntervalMs: 1 })).rejects.toThrow(/sampleIntervalMs/)
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
})

describe('utility-process worker host', () => {
  it('forks the built worker and passes messages both ways', () => {
    const handle = utilityWorkerHost('/app/out/main/worker.js').spawn()
    const fork = stub.calls.find((c) => c.api === 'utilityProcess.fork')!
    expect(fork.args[0]).toBe('/app/out/main/worker.js')
    expect(handle.pid).toBe(4242)
    handle.send({ type: 'job', jobId: 1, spec: { kind: 'scan', symbol: 'X', source: { kind: 'file', path: '/x.csv' }, options: {} as never } })
    expect(stub.calls.at(-1)).toMatchObject({ api: 'postMessage', args: [{ type: 'job', jobId: 1 }] })
  })
})
