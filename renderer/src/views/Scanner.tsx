// The pool at work: one bar per worker (busy share), throughput and queue depth over time, running
// jobs with progress bars, failed jobs with their reason; scan and cancel buttons; the scaling
// experiment with its progress and a speedup-against-workers chart next to the ideal line.
import { useEffect, useMemo, useState } from 'react'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { formatCount, formatPercent, formatSi } from '../../../shared/format.ts'
import { SeriesChart, type SeriesSpec } from '../charts/SeriesChart.tsx'
import type { PoolStore } from '../store/pool.ts'
import { useSignal } from '../store/signal.ts'
import { Jobs } from './scanner/Jobs.tsx'
import { ScalingExperiment } from './scanner/ScalingExperiment.tsx'

export function Scanner({ client, pool }: { client: GapwatchClient; pool: PoolStore }) {
  const status = useSignal(pool.status)
  const loadError = useSignal(pool.loadError)
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [timeframe, setTimeframe] = useState('')

  useEffect(() => {
    void pool.refresh()
  }, [pool])

  const scan = async () => {
    setBusy(true)
    try {
      const { jobIds } = await client.call('scanStart', timeframe ? { timeframe } : {})
      setMessage({ kind: 'ok', text: `Queued ${jobIds.length} scan job${jobIds.length === 1 ? '' : 's'}.` })
      void pool.refresh()
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message })
    } finally {
      setBusy(false)
    }
  }
  const cancel = async () => {
    try {
      const { cancelled } = await client.call('scanCancel', {})
      setMessage({ kind: 'ok', text: `Cancelled ${cancelled} job${cancelled === 1 ? '' : 's'}.` })
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message })
    }
  }

  const s = status?.stats
  return (
    <div className="scanner">
      <div className="toolbar">
        <button type="button" className="primary" onClick={scan} disabled={busy} data-testid="scan-watchlist">
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
        <button type="button" onClick={cancel} disabled={!s || s.queued + s.running === 0}>
          Cancel all
        </button>
        <span className="pool-summary" data-testid="pool-summary">
          {s ? (
            <>
              {s.size} worker{s.size === 1 ? '' : 's'} · <strong>{s.queued}</strong> queued · <strong>{s.running}</strong> running · {formatCount(s.done)} done ·{' '}
              <span className={s.failed ? 'error' : ''}>{s.failed} failed</span> · {s.cancelled} cancelled · balance {s.balance.toFixed(2)}
            </>
          ) : loadError ? (
            <span className="error">Pool status unavailable: {loadError}</span>
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
        <Throughput pool={pool} />
        <QueueDepth pool={pool} />
      </div>
      <Jobs pool={pool} client={client} />
      <ScalingExperiment pool={pool} />
    </div>
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
                {w.jobs} jobs · {formatSi(w.candles)} candles
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Throughput({ pool }: { pool: PoolStore }) {
  const rate = useSignal(pool.throughput)
  const status = useSignal(pool.status)
  const idle = !status || status.stats.queued + status.stats.running === 0
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
        empty={pool.candlesPerSec.length < 2 ? 'Throughput shows while the pool works.' : null}
        testId="chart-throughput"
      />
    </section>
  )
}

function QueueDepth({ pool }: { pool: PoolStore }) {
  const status = useSignal(pool.status)
  const series = useMemo<SeriesSpec[]>(
    () => [
      { label: 'queued', data: pool.queued, color: 2, stepped: true },
      { label: 'running', data: pool.running, color: 1, stepped: true },
    ],
    [pool],
  )
  const subscribe = useMemo(() => (redraw: () => void) => pool.onStats(redraw), [pool])
  const queues = status ? Object.entries(status.stats.queues) : []
  return (
    <section className="card" aria-labelledby="queue-h">
      <header>
        <h2 id="queue-h">Queue depth</h2>
        <span className="sub">{queues.length ? queues.map(([q, n]) => `${q}: ${n}`).join(' · ') : 'no queues yet'}</span>
      </header>
      <SeriesChart
        title="Queued and running jobs"
        series={series}
        subscribe={subscribe}
        leftLabel="jobs"
        windowMs={10 * 60_000}
        empty={pool.queued.length < 2 ? 'Queue depth shows while the pool works.' : null}
        testId="chart-queue"
      />
    </section>
  )
}
