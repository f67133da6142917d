// Self-telemetry: what the engine costs (CPU, memory, collector times, database size) and what the
// dashboard adds (sample→paint latency p95), plus the connection state.
import { formatBytes, formatDuration, formatPercent } from '../../../shared/format.ts'
import { WRITE_RATE_DESCRIPTION } from '../../../shared/write-rate.ts'
import { latencyP95 } from '../store/latency.ts'
import type { LiveStore } from '../store/live.ts'
import { useSignal } from '../store/signal.ts'

export function StatusBar({ store }: { store: LiveStore }) {
  const t = useSignal(store.telemetry)
  const p95 = useSignal(latencyP95)
  const conn = useSignal(store.connection)
  const settings = useSignal(store.settings)
  const collectors = t ? Object.entries(t.collectorsMs).sort((a, b) => b[1] - a[1]) : []
  const collectorsTotal = collectors.reduce((n, [, ms]) => n + ms, 0)
  return (
    <footer className="statusbar" aria-label="Engine telemetry" data-testid="statusbar">
      <span className={`conn ${conn.state}`} data-testid="conn-state">
        <span className="dot" aria-hidden="true" /> {conn.state === 'open' ? 'connected' : conn.state === 'connecting' ? 'connecting…' : 'disconnected'}
      </span>
      <span
        title={
          t
            ? `The engine and ${t.processes - 1} pool worker(s): CPU as % of one core; PSS (proportional memory; RSS ${formatBytes(t.rssBytes)}); ${WRITE_RATE_DESCRIPTION} (${formatBytes(t.diskWrittenBytes)} written since start, scans included)`
            : 'The engine and its pool workers'
        }
      >
        engine <strong data-testid="engine-cpu">{t ? formatPercent(t.cpuPercent) : '—'}</strong> · PSS{' '}
        <strong data-testid="engine-pss">{t ? formatBytes(t.pssBytes, 0) : '—'}</strong> ·{' '}
        <strong data-testid="engine-written">{t?.diskWrittenBytesPerHour != null ? `${formatBytes(t.diskWrittenBytesPerHour)}/h` : '—'}</strong> written
      </span>
      <span
        title={
          t
            ? `How late the engine's thread runs its timers (event-loop delay) over the last 10–20 s: p50 ${formatDuration(t.eventLoopDelay.p50Ms)}, p99 ${formatDuration(t.eventLoopDelay.p99Ms)}, max ${formatDuration(t.eventLoopDelay.maxMs)}`
            : "How late the engine's thread runs its timers (event-loop delay)"
        }
      >
        loop delay p99 <strong data-testid="engine-loop-delay">{t ? formatDuration(t.eventLoopDelay.p99Ms) : '—'}</strong>
      </span>
      <span title={collectors.map(([name, ms]) => `${name}: ${formatDuration(ms)}`).join('\n') || 'no collector times yet'}>
        collectors <strong data-testid="collectors">{t ? formatDuration(collectorsTotal) : '—'}</strong>
        {collectors[0] && <span className="muted"> (slowest {collectors[0][0]} {formatDuration(collectors[0][1])})</span>}
      </span>
      <span>
        database <strong data-testid="db-bytes">{t ? formatBytes(t.dbBytes) : '—'}</strong>
      </span>
      <span title="From the sample's timestamp to the frame that shows it; 95th percentile of the last 120 samples">
        sample→paint p95 <strong data-testid="latency-p95">{Number.isFinite(p95) ? formatDuration(p95) : '—'}</strong>
      </span>
      {settings && <span className="muted">every {formatDuration(settings.sampleIntervalMs)}</span>}
    </footer>
  )
}
