// In a browser: the button that asks for notification permission (never asked on load), or what
// the browser answered. The desktop app notifies from its main process and shows nothing here.
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { isDesktop } from '../../client/index.ts'
import { useSignal } from '../../store/signal.ts'
import { askPermission, notifyPermission } from './browser-notify.ts'

export function NotifyButton({ client }: { client: GapwatchClient }) {
  const permission = useSignal(notifyPermission)
  if (isDesktop(client) || permission === 'unsupported') return null
  if (permission === 'granted') return <span className="muted" data-testid="notify-state">Browser notifications on (grouped per 30 s)</span>
  if (permission === 'denied') return <span className="muted" data-testid="notify-state">Notifications are blocked in this browser's site settings</span>
  return (
    <button type="button" onClick={askPermission} data-testid="notify-ask">
      Notify me in this browser
    </button>
  )
}
