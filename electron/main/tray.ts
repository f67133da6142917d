// The tray icon: shows the window, tells the engine's state at a glance, quits the app.
import path from 'node:path'
import { Menu, Tray, nativeImage, type BrowserWindow } from 'electron'

export function createTray(resourcesDir: string, getWindow: () => BrowserWindow | null, quit: () => void): Tray {
  const tray = new Tray(nativeImage.createFromPath(path.join(resourcesDir, 'icons', 'tray.png')))
  tray.setToolTip('Gapwatch')
  const show = () => {
    const win = getWindow()
    if (!win) return
    win.show()
    win.focus()
  }
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Gapwatch', click: show },
      { type: 'separator' },
      { label: 'Quit', click: quit },
    ]),
  )
  tray.on('click', show)
  return tray
}
