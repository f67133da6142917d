// The tray icon: the worst firing alert at a glance (ok / warning / critical icons), the count in the
// tooltip, and a menu: show the window, the active alerts, snooze all for 1 h, pause or resume
// sampling, quit. It follows the engine's `alert` and `sampling` events (debounced). What it shows is
// computed in alert-delivery.ts.
import path from 'node:path'
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron'
import type { Engine } from '../engine/engine.ts'
import type { Alert } from '../../shared/alerts.ts'
import type { Health } from '../../shared/contract.ts'
import { snoozeUntil } from '../../shared/durations.ts'
import { realSchedule, trayView, type Schedule, type TrayLevel } from './alert-delivery.ts'

/** Alert bursts redraw the tray once. */
export const TRAY_DEBOUNCE_MS = 250
export const SNOOZE_ALL = '1h'
export const PAUSE_SAMPLING = 'Pause sampling'
export const RESUME_SAMPLING = 'Resume sampling'

export interface TrayOptions {
  resourcesDir: string
  showWindow: () => void
  quit: () => void
  /** "Export report…": the window with the Reports view's preview open (report-export.ts trayExport). */
  exportReport?: () => void
  schedule?: Schedule
  now?: () => number
  log?: (line: string) => void
}

export interface AlertTray {
  readonly tray: Tray
  /** Reads `alertsActive` and redraws (the debounced path calls this; tests await it). */
  refresh(): Promise<void>
  dispose(): void
}

export function trayIconPath(resourcesDir: string, level: TrayLevel): string {
  return path.join(resourcesDir, 'icons', `tray-${level}.png`) // tray-<level>@2x.png beside it for HiDPI
}

export function createTray(engine: Engine, o: TrayOptions): AlertTray {
  const schedule = o.schedule ?? realSchedule
  const now = o.now ?? Date.now
  const log = o.log ?? ((line: string) => console.warn(line))
  const tray = new Tray(nativeImage.createFromPath(trayIconPath(o.resourcesDir, 'ok')))
  let level: TrayLevel = 'ok'
  let disposed = false
  let paused = false
  let active: Alert[] = []

  const snoozeAll = async () => {
    const until = snoozeUntil(SNOOZE_ALL, now(), Intl.DateTimeFormat().resolvedOptions().timeZone)
    if (until === null) return
    try {
      await engine.call('alertsSilence', { rule: null, labels: {}, until, comment: 'Snoozed from the tray' })
    } catch (err) {
      log(`Gapwatch: could not snooze the alerts (${(err as Error).message}).`)
    }
    await refresh()
  }

  const toggleSampling = async () => {
    try {
      const s = await engine.call(paused ? 'samplingResume' : 'samplingPause', {})
      paused = (s as Health['sampling']).paused
    } catch (err) {
      log(`Gapwatch: could not ${paused ? 'resume' : 'pause'} sampling (${(err as Error).message}).`)
    }
    if (!disposed) draw()
  }

  const draw = () => {
    const view = trayView(active)
    if (view.level !== level) {
      level = view.level
      tray.setImage(nativeImage.createFromPath(trayIconPath(o.resourcesDir, level)))
    }
    tray.setToolTip(view.tooltip)
    const alertItems: MenuItemConstructorOptions[] =
      view.lines.length === 0 ? [{ label: 'No alerts firing', enabled: false }] : view.lines.map((label) => ({ label, click: o.showWindow }))
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show Gapwatch', click: o.showWindow },
        { type: 'separator' },
        ...alertItems,
        { type: 'separator' },
        { label: 'Snooze all alerts for 1 h', click: () => void snoozeAll() },
        { label: paused ? RESUME_SAMPLING : PAUSE_SAMPLING, click: () => void toggleSampling() },
        ...(o.exportReport ? [{ label: 'Export report…', click: o.exportReport }] : []),
        { type: 'separator' },
        { label: 'Quit', click: o.quit },
      ]),
    )
  }

  async function refresh(): Promise<void> {
    if (disposed) return
    try {
      active = (await engine.call('alertsActive', {})) as Alert[]
    } catch (err) {
      log(`Gapwatch: could not read the active alerts for the tray (${(err as Error).message}).`)
    }
    if (!disposed) draw()
  }

  let pending: (() => void) | null = null
  const later = () => {
    if (pending) return
    pending = schedule(TRAY_DEBOUNCE_MS, () => {
      pending = null
      void refresh()
    })
  }
  const offAlert = engine.on('alert', later)
  // Paused or resumed elsewhere (the dashboard): the menu item follows.
  const offSampling = engine.on('sampling', (s) => {
    paused = s.paused
    if (!disposed) draw()
  })
  const off = () => {
    offAlert()
    offSampling()
  }
  tray.on('click', o.showWindow)
  draw() // sampling runs at start (a pause is not kept across restarts); the `sampling` event follows it

  return {
    tray,
    refresh,
    dispose() {
      disposed = true
      off()
      pending?.()
      pending = null
      tray.destroy()
    },
  }
}
