// The Scanner's job lists: running and queued jobs with progress bars (each can be cancelled),
// failed jobs with their reason, and the most recently finished.
import { format } from 'date-fns'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { formatDuration } from '../../../../shared/format.ts'
import type { JobInfo } from '../../../../shared/scanner.ts'
import type { PoolStore } from '../../store/pool.ts'
import { useSignal } from '../../store/signal.ts'

export function Jobs({ pool, client }: { pool: PoolStore; client: GapwatchClient }) {
  const jobs = useSignal(pool.jobs)
  const active = jobs.filter((j) => j.state === 'running' || j.state === 'queued').sort((a, b) => (a.state === b.state ? a.id - b.id : a.state === 'running' ? -1 : 1))
  const failed = jobs.filter((j) => j.state === 'failed')
  const finished = jobs.filter((j) => j.state === 'done' || j.state === 'cancelled').slice(0, 8)
  return (
    <div className="grid">
      <section className="card" aria-labelledby="running-h" data-testid="running-jobs">
        <header>
          <h2 id="running-h">Running and queued</h2>
          <span className="sub">{active.length} jobs</span>
        </header>
        {active.length === 0 ? (
          <p className="muted" data-testid="no-running">
            Nothing running. “Scan watchlist” queues one job per symbol.
          </p>
        ) : (
          <ul className="jobs">
            {active.slice(0, 30).map((j) => (
              <JobRow key={j.id} job={j} onCancel={() => void client.call('scanCancel', { jobIds: [j.id] }).then(() => pool.refresh())} />
            ))}
            {active.length > 30 && <li className="muted">… and {active.length - 30} more</li>}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="failed-h" data-testid="failed-jobs">
        <header>
          <h2 id="failed-h">Failed</h2>
          <span className="sub">{failed.length} jobs</span>
        </header>
        {failed.length === 0 ? (
          <p className="muted">No failed jobs.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Symbol</th>
                <th scope="col">Reason</th>
                <th scope="col" className="num">
                  Attempts
                </th>
              </tr>
            </thead>
            <tbody>
              {failed.slice(0, 20).map((j) => (
                <tr key={j.id}>
                  <td>#{j.id}</td>
                  <td>{j.symbol}</td>
                  <td className="error wrap">{j.error ?? 'unknown'}</td>
                  <td className="num">{j.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="done-h" data-testid="done-jobs">
        <header>
          <h2 id="done-h">Recently finished</h2>
        </header>
        {finished.length === 0 ? (
          <p className="muted">No finished jobs yet.</p>
        ) : (
          <table className="table">
            <tbody>
              {finished.map((j) => (
                <tr key={j.id}>
                  <td>#{j.id}</td>
                  <td>{j.symbol}</td>
                  <td>{j.state === 'done' ? <span className="ok">done</span> : <span className="muted">cancelled</span>}</td>
                  <td className="num">{j.startedAt && j.finishedAt ? formatDuration(j.finishedAt - j.startedAt) : '—'}</td>
                  <td className="num muted">{j.finishedAt ? format(j.finishedAt, 'HH:mm:ss') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}

function JobRow({ job, onCancel }: { job: JobInfo; onCancel: () => void }) {
  const pct = Math.round(job.progress * 100)
  return (
    <li className="job" data-testid="job-row">
      <span className="job-name">
        #{job.id} <strong>{job.symbol}</strong> <span className="badge">{job.queue}</span>
      </span>
      <progress max={100} value={job.state === 'queued' ? 0 : pct} aria-label={`Job ${job.id} ${job.symbol} progress`} data-testid="job-progress" />
      <span className="num">{job.state === 'queued' ? 'queued' : `${pct} %`}</span>
      <button type="button" className="icon" onClick={onCancel} aria-label={`Cancel job ${job.id} (${job.symbol})`} title="Cancel this job">
        ✕
      </button>
      {(job.stage !== job.state || job.attempts > 1) && (
        <span className="muted job-stage">
          {job.stage}
          {job.attempts > 1 ? ` · attempt ${job.attempts}` : ''}
        </span>
      )}
    </li>
  )
}
