// Silence one rule (or every rule) until a chosen local time, with a comment.
import { useState, type FormEvent } from 'react'
import { format } from 'date-fns'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { silence } from './actions.ts'

export function SilenceForm({ client, rule, onDone }: { client: GapwatchClient; rule: string | null; onDone: () => void }) {
  const [until, setUntil] = useState(() => format(Date.now() + 2 * 3_600_000, "yyyy-MM-dd'T'HH:mm"))
  const [comment, setComment] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const t = new Date(until).getTime()
    if (!Number.isFinite(t)) return setError('Pick a date and time.')
    if (t <= Date.now()) return setError('The expiry must be in the future.')
    silence(client, rule, t, comment).then(onDone, (err: unknown) => setError((err as Error).message))
  }
  return (
    <form className="inline-form silence-form" onSubmit={submit} aria-label="Silence" data-testid="silence-form">
      <strong>Silence {rule ?? 'every rule'}</strong>
      <label>
        until{' '}
        <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} aria-invalid={error !== null} data-testid="silence-until" />
      </label>
      <label>
        comment <input type="text" value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} placeholder="why (optional)" />
      </label>
      <button type="submit" className="primary">
        Silence
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  )
}
