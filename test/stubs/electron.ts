// STUB of the 'electron' module, aliased in vitest.config.ts. The Electron binary cannot be
// downloaded on the development and CI machines, so the Electron glue (electron/main,
// electron/preload) is tested against this stand-in. It records what the glue asks of Electron and
// routes IPC between ipcRenderer and ipcMain in-process; it renders nothing.
import { EventEmitter } from 'node:events'

type Handler = (event: unknown, ...args: unknown[]) => unknown

export const calls: Array<{ api: string; args: unknown[] }> = []
const record = (api: string, ...args: unknown[]) => void calls.push({ api, args })

const handlers = new Map<string, Handler>()
const rendererListeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>()

export const ipcMain = {
  handle(channel: string, handler: Handler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    handlers.set(channel, handler)
  },
  removeHandler(channel: string) {
    handlers.delete(channel)
  },
}

/**
 * Who the stub's ipcRenderer speaks as (added for the IPC sender checks): Electron passes the
 * sending webContents and frame in the event; a test points these at a window and one of its
 * frames, or at a stranger.
 */
export const ipcSender: { sender: WebContents | null; senderFrame: WebFrameMain | null } = { sender: null, senderFrame: null }

export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]) {
    const h = handlers.get(channel)
    if (!h) throw new Error(`No handler registered for '${channel}'`)
    // Electron copies arguments with structured clone; so does the stub.
    return structuredClone(await h({ ...ipcSender }, ...structuredClone(args)))
  },
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
    let set = rendererListeners.get(channel)
    if (!set) rendererListeners.set(channel, (set = new Set()))
    set.add(listener)
  },
}

/**
 * Stand-in for webUtils.getPathForFile (added for desktop imports by path): Electron gives a File
 * from disk its path; here a test gives the File-like object a `stubPath`. Other files have none ('').
 */
export const webUtils = {
  getPathForFile(file: unknown): string {
    record('webUtils.getPathForFile', file)
    return (file as { stubPath?: string }).stubPath ?? ''
  },
}

export const exposed: Record<string, unknown> = {}
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    exposed[key] = api
  },
}

/** A frame: what the IPC sender checks read (url, parent, processId, routingId). */
export class WebFrameMain {
  static nextRoutingId = 1
  url: string
  readonly parent: WebFrameMain | null
  readonly processId = 1
  readonly routingId = WebFrameMain.nextRoutingId++
  constructor(url: string, parent: WebFrameMain | null = null) {
    this.url = url
    this.parent = parent
  }
}

export class WebContents extends EventEmitter {
  url = 'file:///app/index.html'
  /** The top frame, at the page's URL; set its url to act out a navigation (added for the IPC sender checks). */
  readonly mainFrame = new WebFrameMain(this.url)
  destroyed = false
  openHandler: ((d: { url: string }) => { action: string }) | null = null
  sent: Array<{ channel: string; args: unknown[] }> = []
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h
  }
  getURL() {
    return this.url
  }
  isDestroyed() {
    return this.destroyed
  }
  /** Mock of printToPDF (no Chromium here): records the options, answers a small fake PDF. */
  printToPDF(options: Record<string, unknown>) {
    record('webContents.printToPDF', options)
    return Promise.resolve(new TextEncoder().encode('%PDF-stub'))
  }
  /** Mock of executeJavaScript: answers `scriptResults[code]` (true by default: a page that is ready). */
  static scriptResults: Record<string, unknown> = {}
  executeJavaScript(code: string) {
    record('webContents.executeJavaScript', code)
    return Promise.resolve(code in WebContents.scriptResults ? WebContents.scriptResults[code] : true)
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args })
    for (const l of rendererListeners.get(channel) ?? []) l({}, ...structuredClone(args))
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = []
  readonly options: Record<string, unknown>
  readonly webContents = new WebContents()
  loaded: string | null = null
  visible = false
  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    BrowserWindow.instances.push(this)
  }
  loadFile(file: string) {
    this.loaded = file
    return Promise.resolve()
  }
  loadURL(url: string) {
    this.loaded = url
    return Promise.resolve()
  }
  show() {
    this.visible = true
  }
  destroyed = false
  destroy() {
    this.destroyed = true
    this.emit('closed')
  }
  hide() {
    this.visible = false
  }
}

type HeadersListener = (d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void
type PermissionRequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void
type PermissionCheckHandler = (wc: unknown, permission: string, origin: string, details?: unknown) => boolean
export const session = {
  defaultSession: {
    webRequest: {
      headersListener: null as HeadersListener | null,
      onHeadersReceived(l: HeadersListener) {
        this.headersListener = l
      },
    },
    // Recorded so tests can ask them (added for the permission checks).
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as PermissionCheckHandler | null,
    setPermissionRequestHandler(h: PermissionRequestHandler | null) {
      this.permissionRequestHandler = h
    },
    setPermissionCheckHandler(h: PermissionCheckHandler | null) {
      this.permissionCheckHandler = h
    },
  },
}

export const shell = {
  openExternal: (url: string) => (record('shell.openExternal', url), Promise.resolve()),
  /** Mock of openPath (added for the desktop Reports list): answers `openPathAnswer` ('' is success, as Electron's). */
  openPathAnswer: '',
  openPath: (p: string) => (record('shell.openPath', p), Promise.resolve(shell.openPathAnswer)),
}
export const app = { getPath: (_name?: string) => '/tmp', getVersion: () => '0.0.0-stub', isPackaged: false, getAppPath: () => process.cwd() }
export const dialog = {
  showErrorBox: (...a: unknown[]) => record('dialog.showErrorBox', ...a),
  /** Mock of the save dialog: answers `saveDialogAnswer` (set by a test) and records the options. */
  saveDialogAnswer: { canceled: true, filePath: undefined } as { canceled: boolean; filePath?: string },
  showSaveDialog(...a: unknown[]) {
    record('dialog.showSaveDialog', ...a)
    return Promise.resolve(dialog.saveDialogAnswer)
  },
}
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] }
export const nativeImage = { createFromPath: (p: string) => ({ path: p }) }
export const Menu = { buildFromTemplate: (t: unknown[]) => ({ template: t }) }
/** Stub of the tray icon: keeps the image, tooltip and menu it was last given (added for the alert tray). */
export class Tray extends EventEmitter {
  static instances: Tray[] = []
  image: unknown
  toolTip = ''
  menu: { template: unknown[] } | null = null
  destroyed = false
  constructor(image: unknown) {
    super()
    this.image = image
    Tray.instances.push(this)
  }
  setImage(image: unknown) {
    this.image = image
  }
  setToolTip(t: string) {
    this.toolTip = t
  }
  setContextMenu(m: { template: unknown[] } | null) {
    this.menu = m
  }
  destroy() {
    this.destroyed = true
  }
}

/** Stub of a desktop notification: records each one shown; a test clicks it with emit('click') (added for alert delivery). */
export class Notification extends EventEmitter {
  static shown: Notification[] = []
  static supported = true
  static isSupported() {
    return Notification.supported
  }
  readonly options: { title?: string; body?: string; urgency?: string }
  constructor(options: { title?: string; body?: string; urgency?: string } = {}) {
    super()
    this.options = options
  }
  show() {
    Notification.shown.push(this)
  }
}
/** The pid the next utility process reports (a test may set a real process's, e.g. to check its priority). */
export const utilityProcessState = { pid: 4242 }
export const utilityProcess = {
  fork: (...args: unknown[]) => {
    record('utilityProcess.fork', ...args)
    return Object.assign(new EventEmitter(), { pid: utilityProcessState.pid, postMessage: (m: unknown) => record('postMessage', m), kill: () => true })
  },
}
export type Rectangle = { x: number; y: number; width: number; height: number }

/**
 * safeStorage (added for the desktop hosts): the real one encrypts with the OS keychain's key,
 * which does not exist here. The stub's "encryption" is a reversible XOR with a marker, enough to
 * prove the token is never written in clear and comes back intact; a test can turn it off.
 */
export const safeStorageState = { available: true }
export const safeStorage = {
  isEncryptionAvailable: () => safeStorageState.available,
  encryptString(text: string): Buffer {
    record('safeStorage.encryptString')
    return Buffer.concat([Buffer.from('STUBENC:'), Buffer.from(text).map((b) => b ^ 0x5a)])
  },
  decryptString(data: Buffer): string {
    if (!data.subarray(0, 8).equals(Buffer.from('STUBENC:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    return Buffer.from(data.subarray(8).map((b) => b ^ 0x5a)).toString()
  },
}

export default { safeStorage, ipcMain, ipcRenderer, contextBridge, webUtils, BrowserWindow, session, shell, app, dialog, screen, nativeImage, Menu, Tray, Notification, utilityProcess }
