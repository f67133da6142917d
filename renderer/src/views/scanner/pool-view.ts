// One picture of the pool for the Scanner view: the summary's counts, the running panel and the
// finished list all come from here, computed from the same pair (the last status snapshot and every
// job heard of since), so they always agree. The snapshot's counts are moved on by each job whose
// state changed after the snapshot was taken (poolJob / poolProgress events arrive between snapshots).
import type { JobInfo, PoolStatus } from '../../../../shared/scanner.ts'

type State = JobInfo['state']

export interface PoolView {
  /** Workers in the pool (0 before the first snapshot). */
  size: number
  balance: number
  counts: Record<State, number>
  /** Queued jobs per queue (live, backfill), moved on like the counts. */
  queues: Record<string, number>
  /** Running first, then queued, each oldest first. */
  active: JobInfo[]
  failed: JobInfo[]
  /** Done and cancelled, most recently finished first. */
  finished: JobInfo[]
  /** Whether a snapshot has been seen (before it, the counts are only what events told). */
  known: boolean
}

const STATES: readonly State[] = ['queued', 'running', 'done', 'failed', 'cancelled']

/** A job's state when the snapshot was taken: as listed, or from its timestamps; null if it came later. */
function stateAt(j: JobInfo, status: PoolStatus, listed: Map<number, JobInfo>): State | null {
  const seen = listed.get(j.id)
  if (seen) return seen.state
  if (j.submittedAt > status.t) return null
  if (j.finishedAt !== null && j.finishedAt <= status.t) return j.state
  if (j.startedAt !== null && j.startedAt <= status.t) return 'running'
  return 'queued'
}

export function poolView(status: PoolStatus | null, jobs: readonly JobInfo[]): PoolView {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>
  if (status) for (const s of STATES) counts[s] = status.stats[s]
  const queues: Record<string, number> = { ...status?.stats.queues }
  const listed = new Map(status?.jobs.map((j) => [j.id, j]))
  for (const j of jobs) {
    const before = status ? stateAt(j, status, listed) : null
    if (before === j.state) continue
    if (before) counts[before] = Math.max(0, counts[before] - 1)
    counts[j.state]++
    if (before === 'queued') queues[j.queue] = Math.max(0, (queues[j.queue] ?? 0) - 1)
    if (j.state === 'queued') queues[j.queue] = (queues[j.queue] ?? 0) + 1
  }
  const active = jobs
    .filter((j) => j.state === 'running' || j.state === 'queued')
    .sort((a, b) => (a.state === b.state ? a.id - b.id : a.state === 'running' ? -1 : 1))
  // A snapshot lists a bounded number of queued jobs: never claim fewer than are listed.
  for (const s of ['running', 'queued'] as const) counts[s] = Math.max(counts[s], active.filter((j) => j.state === s).length)
  const finishedAt = (j: JobInfo) => j.finishedAt ?? 0
  return {
    size: status?.stats.size ?? 0,
    balance: status?.stats.balance ?? 1,
    counts,
    queues,
    active,
    failed: jobs.filter((j) => j.state === 'failed').sort((a, b) => finishedAt(b) - finishedAt(a) || b.id - a.id),
    finished: jobs.filter((j) => j.state === 'done' || j.state === 'cancelled').sort((a, b) => finishedAt(b) - finishedAt(a) || b.id - a.id),
    known: status !== null,
  }
}
