// Engine warnings and errors (e.g. a collector that failed, a full disk), newest last.
import { format } from 'date-fns'
import type { LiveStore } from '../store/live.ts'
import { useSignal } from '../store/signal.ts'

export function Notices({ store }: { store: LiveStore }) {
  const list = useSignal(store.notices)
  if (list.length === 0) return null
  return (
    <div className="notices" role="log" aria-label="Engine notices">
      <ul>
        {list.slice(-3).map((n, i) => (
          <li key={`${n.t}-${i}`} className={n.level}>
            <span className="muted">{format(n.t, 'HH:mm:ss')}</span> <strong>{n.source}</strong>: {n.message}
          </li>
        ))}
      </ul>
      <button type="button" className="link" onClick={() => store.dismissNotices()}>
        Dismiss{list.length > 3 ? ` all ${list.length}` : ''}
      </button>
    </div>
  )
}
