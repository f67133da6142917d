// Electron host: one instance, one window (size and position remembered), a tray icon, the engine
// in this process with its pool in utility processes, and every contract event pushed over IPC.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, screen, type BrowserWindow } from 'electron'
import { Engine } from '../engine/engine.ts'
import { installCrashGuard } from '../engine/crash-guard.ts'
import { appUrl, createMainWindow } from './window.ts'
import { bridgeEngine } from './ipc.ts'
import { bridgeHosts, connectedEngine, type ConnectedHost } from './hosts-ipc.ts'
import { DesktopHosts } from './hosts.ts'
import { createTray, type AlertTray } from './tray.ts'
import { notifyAlerts } from './notifications.ts'
import { utilityWorkerHost } from './worker-host.ts'
import { loadWindowState, saveWindowState } from './window-state.ts'
import { desktopReportPrinter, trayExport } from './report-export.ts'
import { bridgeReportSave } from './report-ipc.ts'
import { logEngine, openAppLog, type AppLog } from './log.ts'
import { createRendererOutbox, queueStartupWarnings } from './log-queue.ts'

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(app.getAppPath(), 'resources')
process.env.GAPWATCH_RESOURCES ??= resourcesDir
// Errors nobody caught are logged and survived where that is safe (crash-guard.ts); repeated
// uncaught exceptions flush the store and quit through Electron, not with a dialog per error.
installCrashGuard({ exit: (code) => app.exit(code) })

if (!app.requestSingleInstanceLock()) {
  console.error('Gapwatch is already running; focusing it.')
  app.quit()
} else {
  let win: BrowserWindow | null = null
  let engine: Engine | null = null
  let quitting = false
  let tray: AlertTray | null = null // kept referenced, or the tray icon is garbage-collected
  let appLog: AppLog | null = null
  // Warnings sent before the window's page has loaded wait for it (start-up warnings included).
  const outbox = createRendererOutbox()

  const showWindow = () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }
  app.on('second-instance', showWindow)

  const openWindow = (e: Engine) => {
    const userData = app.getPath('userData')
    const state = loadWindowState(userData, screen.getAllDisplays().map((d) => d.workArea))
    const w = createMainWindow(outDir, state?.bounds)
    outbox.attach(w.webContents)
    if (state?.maximized) w.maximize()
    let saveTimer: NodeJS.Timeout | null = null
    const save = () => {
      if (saveTimer) clearTimeout(saveTimer)
      saveTimer = setTimeout(() => saveWindowState(userData, { bounds: w.getNormalBounds(), maximized: w.isMaximized() }), 500)
    }
    w.on('resize', save)
    w.on('move', save)
    w.on('close', (event) => {
      saveWindowState(userData, { bounds: w.getNormalBounds(), maximized: w.isMaximized() })
      // With the tray on, closing the window keeps Gapwatch watching in the background.
      if (!quitting && e.settings.get().trayOnClose) {
        event.preventDefault()
        w.hide()
      }
    })
    w.on('closed', () => (win = null))
    return w
  }

  app.whenReady().then(async () => {
    try {
      appLog = await openAppLog()
    } catch (err) {
      console.error(`Gapwatch: no log file (${(err as Error).message}).`)
    }
    try {
      engine = new Engine({
        dataDir: app.getPath('userData'),
        version: app.getVersion(),
        workerHost: utilityWorkerHost(path.join(outDir, 'main', 'worker.js')),
        // Scheduled PDFs by Electron's own printToPDF: the desktop needs no Chromium.
        printReport: desktopReportPrinter(path.join(outDir, 'report')),
      })
    } catch (err) {
      dialog.showErrorBox('Gapwatch cannot start', (err as Error).message)
      app.exit(1)
      return
    }
    bridgeEngine(engine, () => win?.webContents ?? null, { appUrl: appUrl(outDir), outbox })
    const connected: ConnectedHost = { current: null }
    bridgeHosts(new DesktopHosts(app.getPath('userData')), () => win?.webContents ?? null, { appUrl: appUrl(outDir), connected })
    if (appLog) logEngine(engine, appLog.logger)
    queueStartupWarnings(outbox, engine)
    // The tray and notifications show the engine's alerts; both bring the window back on click.
    const reveal = () => (win ? showWindow() : engine && (win = openWindow(engine)))
    const exportOptions = { stateFile: path.join(app.getPath('userData'), 'report-export.json'), pageDir: path.join(outDir, 'report') }
    const onExport = trayExport(() => {
      reveal()
      return win
    })
    bridgeReportSave(engine, () => win?.webContents ?? null, { ...exportOptions, appUrl: appUrl(outDir), parent: () => win, reportsDir: path.join(engine.dataDir, 'reports'), remote: (host) => connectedEngine(connected, host) })
    tray = createTray(engine, { resourcesDir, showWindow: reveal, quit: () => app.quit(), exportReport: onExport })
    void tray.refresh()
    notifyAlerts(engine, reveal)
    try {
      await engine.start()
    } catch (err) {
      dialog.showErrorBox('Gapwatch cannot start', (err as Error).message)
      await engine.stop()
      app.exit(1)
      return
    }
    win = openWindow(engine)
    app.on('activate', () => (win ? showWindow() : engine && (win = openWindow(engine))))
  })

  app.on('before-quit', (event) => {
    if (quitting || !engine) return
    event.preventDefault()
    quitting = true
    void engine.stop().finally(async () => {
      await appLog?.close()
      app.quit()
    })
  })
  app.on('window-all-closed', () => {
    if (!engine?.settings.get().trayOnClose) app.quit()
  })
}
