// Desktop import by path through the Electron glue, against the named stub of 'electron'
// (test/stubs/electron.ts: the binary cannot run here; its webUtils.getPathForFile answers a test
// File's `stubPath`). The engine behind it is real: the file's content never crosses IPC, the path
// is validated (zod), the sender is checked, and the file is copied in and parsed by a pool worker.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import { bridgeEngine } from '../../../electron/main/ipc.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import { IPC_IMPORT_PATH, type DesktopFiles } from '../../../shared/ipc.ts'
import type { WatchlistItem } from '../../../shared/scanner.ts'
import { tempDir } from '../../helpers/temp.ts'
import type * as ElectronStub from '../../stubs/electron.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const stub = electron as unknown as typeof ElectronStub
const CSV = ['timestamp,open,high,low,close']
  .concat(Array.from({ length: 30 }, (_, i) => `${Date.UTC(2024, 0, 1) + i * 60_000},1.1,1.2,1.0,1.15`))
  .join('\n')

/** A File as the renderer holds it after a pick or a drop; `stubPath` is where Electron would say it lives. */
function picked(file: string): File & { stubPath: string } {
  return Object.assign(new File([fs.readFileSync(file)], path.basename(file)), { stubPath: file })
}

describe('desktop import by path (IPC)', () => {
  let engine: Engine
  let dir: string
  let win: InstanceType<typeof stub.BrowserWindow>
  let files: DesktopFiles
  let off: () => void
  const logs: string[] = []
  const invoked: unknown[] = []

  beforeAll(async () => {
    dir = tempDir('gw-ipc-import-')
    engine = new Engine({ dataDir: path.join(dir, 'data'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    await engine.call('setSettings', { workers: 1 })
    win = new stub.BrowserWindow({})
    off = bridgeEngine(engine, () => win.webContents as unknown as electron.WebContents, { appUrl: 'file:///app/index.html', log: (l) => logs.push(l) })
    await import('../../../electron/preload/index.ts')
    files = stub.exposed.gapwatchFiles as DesktopFiles
    // Record what crosses IPC on the import channel (the stub's invoke is what the preload calls).
    const invoke = stub.ipcRenderer.invoke
    stub.ipcRenderer.invoke = (channel: string, ...args: unknown[]) => {
      if (channel === IPC_IMPORT_PATH) invoked.push(...args)
      return invoke(channel, ...args)
    }
  })
  beforeEach(() => {
    win.webContents.mainFrame.url = win.webContents.url
    stub.ipcSender.sender = win.webContents
    stub.ipcSender.senderFrame = win.webContents.mainFrame
    invoked.length = 0
  })
  afterAll(async () => {
    off()
    await engine.stop()
  })

  it('sends only the path (and zone), never the content; the engine copies the file in and scans it', async () => {
    const src = path.join(dir, 'Desk.csv')
    fs.writeFileSync(src, CSV)
    const r = await files.importFile(picked(src), { tz: null })
    expect(r).toMatchObject({ symbol: 'DESK', rows: 30, timeframe: '1m', tz: null })
    expect(invoked).toEqual([{ path: src, tz: null }])
    expect(JSON.stringify(invoked)).not.toContain('1.15') // no candle crossed IPC
    expect(fs.readFileSync(path.join(engine.dataDir, 'imports', 'DESK.csv'), 'utf8')).toBe(CSV)
    const list = (await engine.call('watchlist', {})) as WatchlistItem[]
    expect(list.find((w) => w.symbol === 'DESK')?.scans[0]).toMatchObject({ candles: 30 })
  })

  it('a bad file is refused with its name and line, over the same channel', async () => {
    const src = path.join(dir, 'Broken.csv')
    fs.writeFileSync(src, `${CSV}\n${Date.UTC(2024, 0, 2)},1.1,0.5,1.0,1.15\n`)
    await expect(files.importFile(picked(src))).rejects.toThrow(/^Broken\.csv:32: .*high/)
    expect(fs.existsSync(path.join(engine.dataDir, 'imports', 'BROKEN.csv'))).toBe(false)
  })

  it('validates the path: relative, NUL, a directory and a non-CSV name are refused', async () => {
    const call = (params: unknown) => stub.ipcRenderer.invoke(IPC_IMPORT_PATH, params) as Promise<{ ok: boolean; error?: string }>
    expect(await call({ path: 'relative/file.csv' })).toMatchObject({ ok: false, error: expect.stringMatching(/path must be an absolute path/) })
    expect(await call({ path: '/tmp/a\0b.csv' })).toMatchObject({ ok: false, error: expect.stringMatching(/NUL/) })
    expect(await call({ path: 42 })).toMatchObject({ ok: false, error: expect.stringMatching(/^importFile: path/) })
    expect(await call({ path: dir })).toMatchObject({ ok: false, error: expect.stringMatching(/is a directory|not a CSV|\.csv/) })
    const exe = path.join(dir, 'tool.exe')
    fs.writeFileSync(exe, CSV)
    expect(await call({ path: exe })).toMatchObject({ ok: false, error: expect.stringMatching(/^tool\.exe: /) })
    expect(await call({ path: path.join(dir, 'Desk.csv'), tz: 'Mars/Olympus' })).toMatchObject({ ok: false, error: expect.stringMatching(/Mars\/Olympus/) })
  })

  it('refuses an import from a page that is not the app, without touching the engine', async () => {
    const src = path.join(dir, 'Desk.csv')
    win.webContents.mainFrame.url = 'https://evil.example/'
    await expect(files.importFile(picked(src))).rejects.toThrow(/Refused: this page is not Gapwatch/)
    expect(logs.some((l) => /refused an IPC import/.test(l))).toBe(true)
  })

  it('a File without a path on disk (built in the page) is refused in the preload', async () => {
    await expect(files.importFile(new File([CSV], 'Made.csv'))).rejects.toThrow(/Made\.csv: this file has no path on disk/)
    expect(invoked).toEqual([])
  })
})
