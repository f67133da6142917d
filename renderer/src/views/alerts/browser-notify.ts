// Browser notifications for the `gapwatch serve` dashboard (the desktop app notifies from Electron
// main, electron/main/notifications.ts): firing and resolved alerts grouped by shared/alert-group.ts, shown
// only once the user allowed it with the button (never asked on load).
import { useEffect } from 'react'
import { isDesktop, type DashboardClient } from '../../client/index.ts'
import { Signal, useSignal } from '../../store/signal.ts'
import { AlertGrouper } from '../../../../shared/alert-group.ts'

export type Permission = NotificationPermission | 'unsupported'

/** The page's notification permission: asked only by askPermission (a button), never on load. */
export const notifyPermission = new Signal<Permission>(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission)

export function askPermission(): void {
  if (typeof Notification === 'undefined') return
  void Notification.requestPermission().then((p) => notifyPermission.set(p))
}

/**
 * Shows browser notifications while the page is open and the user allowed them; not in the desktop
 * app, whose main process notifies.
 */
export function useBrowserNotifications(client: DashboardClient): void {
  const permission = useSignal(notifyPermission)
  const applies = !isDesktop(client)
  useEffect(() => {
    if (!applies || permission !== 'granted') return
    const grouper = new AlertGrouper((n) => {
      const note = new Notification(n.title, { body: n.body, tag: `gapwatch-${n.kind}` })
      note.onclick = () => {
        window.focus()
        location.hash = '#alerts'
      }
    })
    const off = client.on('alert', (e) => grouper.push(e))
    return () => {
      off()
      grouper.close()
    }
  }, [client, applies, permission])
}
