// The Alerts tab's badge: how many alerts are firing (unmuted), in the colour of the worst.
import type { AlertSummary } from './data.ts'

export function AlertBadge({ summary }: { summary: AlertSummary }) {
  if (summary.count === 0 || summary.worst === null) return null
  return (
    <span className={`tab-badge sev-${summary.worst}`} data-testid="alerts-badge" data-severity={summary.worst} aria-label={`${summary.count} firing`}>
      {summary.count}
    </span>
  )
}
