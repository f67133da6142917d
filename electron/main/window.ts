// The one window: context isolation, sandbox, no Node in the page, a strict CSP (header and meta
// tag, shared/csp.ts), every permission request denied, no new windows and no navigation away
// from the app.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, session, shell } from 'electron'
import { CSP } from '../../shared/csp.ts'

export { CSP }

/** The URL the window loads: the dev server's in development, else the built renderer's file. */
export function appUrl(outDir: string, devUrl = process.env.ELECTRON_RENDERER_URL): string {
  return devUrl || pathToFileURL(path.join(outDir, 'renderer/index.html')).href
}

/** Whether a frame's URL is the app's page: the same file (any query or hash), or the dev server's origin. */
export function isAppUrl(url: string, app: string): boolean {
  let u: URL
  let a: URL
  try {
    u = new URL(url)
    a = new URL(app)
  } catch {
    return false
  }
  if (a.protocol === 'file:') return u.protocol === 'file:' && u.host === a.host && u.pathname === a.pathname
  return u.origin === a.origin
}

/**
 * The session's defences, set once for every window: the CSP header on each response, and every
 * permission request or check refused. The app needs none: notifications and the tray are shown
 * by the main process, never asked for by the page.
 */
export function secureSession(log: (line: string) => void = (l) => console.warn(l)): void {
  const s = session.defaultSession
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  s.setPermissionRequestHandler((_wc, permission, callback) => {
    log(`Gapwatch: denied the page's request for the "${permission}" permission.`)
    callback(false)
  })
  s.setPermissionCheckHandler(() => false)
}

export function createMainWindow(outDir: string, bounds?: Electron.Rectangle): BrowserWindow {
  secureSession()
  const win = new BrowserWindow({
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 820,
    x: bounds?.x,
    y: bounds?.y,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Gapwatch',
    webPreferences: {
      preload: path.join(outDir, 'preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) event.preventDefault()
  })
  win.once('ready-to-show', () => win.show())
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(path.join(outDir, 'renderer/index.html'))
  return win
}
