// Electron host: one instance, one window, the engine in this process, events over IPC.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, type BrowserWindow } from 'electron'
import { Engine } from '../engine/engine.ts'
import { createMainWindow } from './window.ts'
import { bridgeEngine } from './ipc.ts'

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')

if (!app.requestSingleInstanceLock()) {
  console.error('Gapwatch is already running; focusing it.')
  app.quit()
} else {
  let win: BrowserWindow | null = null
  let engine: Engine | null = null

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
    }
  })

  app.whenReady().then(async () => {
    try {
      engine = new Engine({ dataDir: app.getPath('userData'), version: app.getVersion() })
    } catch (err) {
      dialog.showErrorBox('Gapwatch cannot start', (err as Error).message)
      app.exit(1)
      return
    }
    bridgeEngine(engine, () => win?.webContents ?? null)
    await engine.start()
    win = createMainWindow(outDir)
    win.on('closed', () => (win = null))
  })

  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !engine) return
    event.preventDefault()
    quitting = true
    void engine.stop().finally(() => app.quit())
  })
  app.on('window-all-closed', () => app.quit())
}
