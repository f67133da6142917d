// A custom History range: two local date-times in a popover, checked before they are applied.
import { useState, type FormEvent } from 'react'
import { format } from 'date-fns'

const HOUR = 3_600_000

function toLocalInput(t: number): string {
  return format(t, "yyyy-MM-dd'T'HH:mm")
}

export function CustomRange({ onApply, active }: { onApply: (from: number, to: number, at: number) => void; active: boolean }) {
  const [open, setOpen] = useState(false)
  const [from, setFrom] = useState(() => toLocalInput(Date.now() - 2 * HOUR))
  const [to, setTo] = useState(() => toLocalInput(Date.now()))
  const [err, setErr] = useState<string | null>(null)
  const apply = (e: FormEvent) => {
    e.preventDefault()
    const f = new Date(from).getTime()
    const t = new Date(to).getTime()
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setErr('Both times are needed.')
    if (t <= f) return setErr('"To" must be after "From".')
    setErr(null)
    setOpen(false)
    onApply(f, t, e.timeStamp)
  }
  return (
    <div className="custom-range">
      <button type="button" aria-pressed={active} aria-expanded={open} onClick={() => setOpen(!open)} data-testid="range-custom">
        Custom…
      </button>
      {open && (
        <form className="popover" onSubmit={apply} aria-label="Custom range">
          <label>
            From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          {err && (
            <p className="error" role="alert">
              {err}
            </p>
          )}
          <button type="submit" className="primary">
            Show
          </button>
        </form>
      )}
    </div>
  )
}
