// "Add host…" from the Engine menu: the hosts manager in a modal dialog (Escape or Close shuts it).
import { useEffect, useRef } from 'react'
import { HostsManager } from './HostsManager.tsx'

export function HostsDialog({ current, onClose }: { current: string | null; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
    return () => d?.close()
  }, [])
  return (
    <dialog ref={ref} className="hosts-dialog" aria-labelledby="hosts-dialog-h" onClose={onClose} data-testid="hosts-dialog">
      <header>
        <h2 id="hosts-dialog-h">Other engines</h2>
        <button type="button" className="icon" aria-label="Close" onClick={onClose} data-testid="hosts-dialog-close">
          ×
        </button>
      </header>
      <p className="muted">
        Watch another Gapwatch engine (a <code>gapwatch serve</code> on a VPS) from this dashboard. Tokens are kept where this dashboard
        was served from and are never shown again.
      </p>
      <HostsManager current={current} />
    </dialog>
  )
}
