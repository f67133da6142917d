// The Scanner's job lists, from the same pool view as the summary line: running and queued jobs
// with progress bars (each can be cancelled), failed jobs with their reason, and the most recently
// finished, each linking to its symbol's zones in the Symbols view.
import { format } from 'date-fns'
import { formatCount, formatDuration } from '../../../../shared/format.ts'
import type { JobInfo } from '../../../../shared/scanner.ts'
import { symbolHref } from '../symbols/link.ts'
import type { PoolView } from './pool-view.ts'

const ACTIVE_SHOWN = 30
const FINISHED_SHOWN = 8

export function Jobs({ view, onCancel }: { view: PoolView; onCancel: (jobId: number) => void }) {
  const { active, failed, finished, counts } = view
  const activeCount = counts.queued + counts.running
  const more = activeCount - Math.min(active.length, ACTIVE_SHOWN)
  return (
    <div className="grid">
      <section className="card" aria-labelledby="running-h" data-testid="running-jobs">
        <header>
          <h2 id="running-h">Running and queued</h2>
          <span className="sub" data-testid="running-count">
            {formatCount(counts.running)} running · {formatCount(counts.queued)} queued
          </span>
        </header>
        {activeCount === 0 ? (
          <p className="muted" data-testid="no-running">
            Nothing running. “Scan watchlist” queues one job per symbol.
          </p>
        ) : (
          <ul className="jobs">
            {active.slice(0, ACTIVE_SHOWN).map((j) => (
              <JobRow key={j.id} job={j} onCancel={() => onCancel(j.id)} />
            ))}
            {more > 0 && <li className="muted">… and {formatCount(more)} more</li>}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="failed-h" data-testid="failed-jobs">
        <header>
          <h2 id="failed-h">Failed</h2>
          <span className="sub">{formatCount(counts.failed)} since start</span>
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
          <span className="sub" data-testid="done-count">
            {formatCount(counts.done)} done · {formatCount(counts.cancelled)} cancelled
          </span>
        </header>
        {finished.length === 0 ? (
          <p className="muted">No finished jobs yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Symbol</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Took
                </th>
                <th scope="col" className="num">
                  Finished
                </th>
              </tr>
            </thead>
            <tbody>
              {finished.slice(0, FINISHED_SHOWN).map((j) => (
                <tr key={j.id} data-testid="done-row">
                  <td>#{j.id}</td>
                  <td>
                    <a className="link" href={symbolHref(j.symbol)} title={`${j.symbol}: its chart and zones in Symbols`} data-testid="job-symbol-link">
                      {j.symbol}
                    </a>
                  </td>
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
