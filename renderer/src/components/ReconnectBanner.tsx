// Shown while the WebSocket is down (the client reconnects by itself) and while the gap is being
// refilled from history afterwards.
import { format } from 'date-fns'
import type { LiveStore } from '../store/live.ts'
import { useSignal } from '../store/signal.ts'

export function ReconnectBanner({ store }: { store: LiveStore }) {
  const c = useSignal(store.connection)
  if (c.state === 'open' && !c.refilling) return null
  return (
    <div className={`banner ${c.state === 'open' ? 'info' : 'warn'}`} role="status" aria-live="polite" data-testid="reconnect-banner">
      {c.state === 'open'
        ? 'Reconnected: filling the gap from history…'
        : `Connection to the Gapwatch engine lost${c.downSince ? ` at ${format(c.downSince, 'HH:mm:ss')}` : ''}: reconnecting… Live charts resume and the gap is refilled from history.`}
    </div>
  )
}
