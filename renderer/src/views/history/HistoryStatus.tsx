// The History status line: where the data starts, the range, the tier that answered, bucket size.
import { format } from 'date-fns'
import { formatDuration } from '../../../../shared/format.ts'
import type { Answer } from './range.ts'

export function HistoryStatus({ answer, loading, error }: { answer: Answer | null; loading: boolean; error: string | null }) {
  // Seconds matter in a range shorter than an hour (a zoom, a new install's first minutes).
  const pattern = answer && answer.to - answer.from < 3_600_000 ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm'
  return (
    <p className="history-status" aria-live="polite">
      {answer ? (
        <>
          {answer.dataStart !== null && (
            <strong className="data-start" data-testid="history-data-start">
              Data starts at {format(answer.dataStart, 'yyyy-MM-dd HH:mm:ss')} (first stored sample); drawn from there ·{' '}
            </strong>
          )}
          {format(answer.from, pattern)} → {format(answer.to, pattern)} · tier{' '}
          <strong className="tier" data-testid="history-tier">
            {answer.tier}
          </strong>{' '}
          · buckets of {formatDuration(answer.bucketMs)} · {answer.points} points
        </>
      ) : (
        'Loading history…'
      )}
      {loading && answer && <span className="muted"> · loading…</span>}
      {error && (
        <span className="error" role="alert">
          {' '}
          Query failed: {error}
        </span>
      )}
      <span className="hint muted"> Drag across a chart to zoom in; Ctrl + wheel zooms too.</span>
    </p>
  )
}
