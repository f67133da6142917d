// The pool at work: one bar per worker (busy share), throughput and queue depth over time, running
// jobs with progress bars, failed jobs with their reason; scan and cancel buttons; the scaling
// experiment with its progress and a speedup-against-workers chart next to the ideal line.
import { useMemo, useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { formatCount, formatPercent, formatSi } from '../../../shared/format.ts'
import { SeriesChart, type SeriesSpec } from '../charts/SeriesChart.tsx'
import { invalidatePoolStatus, usePoolQueries } from '../client/queries.ts'
import type { PoolStore } from '../store/pool.ts'
import { useSignal } from '../store/signal.ts'
import { Jobs } from './scanner/Jobs.tsx'
import { poolView, type PoolView } from './scanner/pool-view.ts'
import { ScalingExperiment } from './scanner/ScalingExperiment.tsx'

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`

export function Scanner({ client, pool }: { client: GapwatchClient; pool: PoolStore }) {
  const statusQuery = usePoolQueries(client, pool)
  const state = useSignal(pool.state)
  // The summary and the job lists below read this one view: they cannot disagree.
  const view = useMemo(() => poolView(state.status, state.jobs), [state])
  const [timeframe, setTimeframe] = useState('')
  const scan = useMutation({
    mutationFn: () => client.call('scanStart', timeframe ? { timeframe } : {}),
    onSuccess: invalidatePoolStatus,
  })
  const cancel = useMutation({
    mutationFn: (jobIds?: number[]) => client.call('scanCancel', jobIds ? { jobIds } : {}),
    onSuccess: invalidatePoolStatus,
  })
  // The latest of the two answers is the one to show.
  const last = [scan, cancel].filter((m) => !m.isIdle).sort((a, b) => b.submittedAt - a.submittedAt)[0]
  const message =
    !last || last.isPending
      ? null
      : last.error
        ? { kind: 'error' as const, text: last.error.message }
        : last === scan && scan.data
          ? { kind: 'ok' as const, text: `Queued ${plural(scan.data.jobIds.length, 'scan job')}.` }
          : cancel.data
            ? { kind: 'ok' as const, text: `Cancelled ${plural(cancel.data.cancelled, 'job')}.` }
            : null
  const c = view.counts
  return (
    <div className="scanner">
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => scan.mutate()} disabled={scan.isPending} data-testid="scan-watchlist">
          Scan watchlist
        </button>
        <label className="muted">
          at{' '}
          <select value={timeframe} onChange={(e) => setTimeframe(e.target.value)} aria-label="Scan timeframe">
            <option value="">each symbol's own timeframe</option>
            {['1h', '4h', '1d'].map((tf) => (
              <option key={tf} value={tf}>
                {tf} (resampled)
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => cancel.mutate(undefined)} disabled={c.queued + c.running === 0 || cancel.isPending}>
          Cancel all
        </button>
        <span className="pool-summary" data-testid="pool-summary">
          {view.known ? (
            <Summary view={view} />
          ) : statusQuery.error ? (
            <span className="error">Pool status unavailable: {statusQuery.error.message}</span>
          ) : (
            'Loading pool status…'
          )}
        </span>
        {message && (
          <span className={message.kind === 'error' ? 'error' : 'ok'} role="status">
            {message.text}
          </span>
        )}
      </div>
      <div className="grid">
        <Workers pool={pool} />
        <Throughput pool={pool} busy={c.queued + c.running > 0} />
        <QueueDepth pool={pool} queues={view.queues} />
      </div>
      <Jobs view={view} onCancel={(id) => cancel.mutate([id])} />
      <ScalingExperiment client={client} pool={pool} />
    </div>
  )
}

function Summary({ view }: { view: PoolView }) {
  const c = view.counts
  return (
    <>
      {plural(view.size, 'worker')} · <strong>{formatCount(c.queued)}</strong> queued · <strong>{formatCount(c.running)}</strong> running · {formatCount(c.done)} done ·{' '}
      <span className={c.failed ? 'error' : ''}>{formatCount(c.failed)} failed</span> · {formatCount(c.cancelled)} cancelled · balance {view.balance.toFixed(2)}
    </>
  )
}

function Workers({ pool }: { pool: PoolStore }) {
  const workers = useSignal(pool.workers)
  return (
    <section className="card" aria-labelledby="workers-h">
      <header>
        <h2 id="workers-h">Workers</h2>
        <span className="sub">busy share over the last second</span>
      </header>
      {workers.length === 0 ? (
        <p className="muted">No workers yet: the pool starts with the first scan.</p>
      ) : (
        <ul className="worker-bars" data-testid="worker-bars">
          {workers.map((w, i) => (
            <li key={i}>
              <span className="worker-name">
                #{i + 1} {w.pid === null ? <span className="muted">(starting)</span> : <span className="muted">pid {w.pid}</span>}
              </span>
              <span className="meter" role="meter" aria-label={`Worker ${i + 1} busy`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(w.share * 100)}>
                <span style={{ width: `${w.share * 100}%` }} className={w.busy ? 'busy' : ''} />
              </span>
              <span className="num">{formatPercent(w.share * 100, 0)}</span>
              <span className="num muted">
                {plural(w.jobs, 'job')} · {formatSi(w.candles)} candles
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Throughput({ pool, busy }: { pool: PoolStore; busy: boolean }) {
  const rate = useSignal(pool.throughput)
  const points = useSignal(pool.historyPoints)
  const idle = !busy
  const series = useMemo<SeriesSpec[]>(
    () => [
      { label: 'candles/s', data: pool.candlesPerSec, color: 0 },
      { label: 'FVGs/s', data: pool.fvgsPerSec, color: 3, right: true },
    ],
    [pool],
  )
  const subscribe = useMemo(() => (redraw: () => void) => pool.onStats(redraw), [pool])
  return (
    <section className="card" aria-labelledby="tp-h">
      <header>
        <h2 id="tp-h">Throughput</h2>
        {idle ? (
          <span className="sub" data-testid="throughput">
            idle{rate.candlesPerSec > 0 ? ` · last: ${formatSi(rate.candlesPerSec)} candles/s, ${formatSi(rate.fvgsPerSec)} FVGs/s` : ''}
          </span>
        ) : (
          <span className="big" data-testid="throughput">
            {formatSi(rate.candlesPerSec)} <small>candles/s</small> · {formatSi(rate.fvgsPerSec)} <small>FVGs/s</small>
          </span>
        )}
      </header>
      <SeriesChart
        title="Pool throughput"
        series={series}
        subscribe={subscribe}
        leftLabel="candles/s"
        rightLabel="FVGs/s"
        windowMs={10 * 60_000}
        empty={points < 2 ? 'Throughput shows while the pool works.' : null}
        testId="chart-throughput"
      />
    </section>
  )
}

function QueueDepth({ pool, queues: byQueue }: { pool: PoolStore; queues: Record<string, number> }) {
  const points = useSignal(pool.historyPoints)
  const series = useMemo<SeriesSpec[]>(
    () => [
      { label: 'queued', data: pool.queued, color: 2, stepped: true },
      { label: 'running', data: pool.running, color: 1, stepped: true },
    ],
    [pool],
  )
  const subscribe = useMemo(() => (redraw: () => void) => pool.onStats(redraw), [pool])
  const queues = Object.entries(byQueue)
  return (
    <section className="card" aria-labelledby="queue-h">
      <header>
        <h2 id="queue-h">Queue depth</h2>
        <span className="sub" data-testid="queue-counts">
          {queues.length ? queues.map(([q, n]) => `${q}: ${formatCount(n)} queued`).join(' · ') : 'no queues yet'}
        </span>
      </header>
      <SeriesChart
        title="Queued and running jobs"
        series={series}
        subscribe={subscribe}
        leftLabel="jobs"
        integer
        windowMs={10 * 60_000}
        empty={points < 2 ? 'Queue depth shows while the pool works.' : null}
        testId="chart-queue"
      />
    </section>
  )
}
