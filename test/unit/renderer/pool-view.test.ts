// The Scanner's summary, running panel and finished list come from one pool view: the last status
// snapshot moved on by the jobs heard of since.
import { describe, expect, it } from 'vitest'
import { poolView } from '../../../renderer/src/views/scanner/pool-view.ts'
import type { JobInfo, PoolStatus } from '../../../shared/scanner.ts'

function job(id: number, state: JobInfo['state'], at: { submitted?: number; started?: number | null; finished?: number | null } = {}): JobInfo {
  return {
    id,
    symbol: `S${id}`,
    queue: 'backfill',
    state,
    attempts: 1,
    progress: state === 'done' ? 1 : 0,
    stage: state,
    error: state === 'failed' ? 'bad' : null,
    workerPid: null,
    submittedAt: at.submitted ?? 0,
    startedAt: at.started ?? null,
    finishedAt: at.finished ?? null,
  }
}

function status(t: number, jobs: JobInfo[], counts: Partial<Record<JobInfo['state'], number>>): PoolStatus {
  return {
    t,
    jobs,
    stats: { size: 2, workers: [], queued: 0, queues: {}, running: 0, done: 0, failed: 0, cancelled: 0, candlesPerSec: 0, fvgsPerSec: 0, balance: 1, ...counts },
  }
}

describe('poolView', () => {
  it('is the snapshot when nothing happened since', () => {
    const jobs = [job(3, 'running', { started: 5 }), job(2, 'queued'), job(1, 'done', { started: 1, finished: 4 })]
    const v = poolView(status(10, jobs, { queued: 1, running: 1, done: 7 }), jobs)
    expect(v.counts).toEqual({ queued: 1, running: 1, done: 7, failed: 0, cancelled: 0 })
    expect(v.active.map((j) => j.id)).toEqual([3, 2])
    expect(v.finished.map((j) => j.id)).toEqual([1])
  })

  it('moves the counts on by the job events that came after the snapshot', () => {
    const snap = status(10, [job(2, 'running', { started: 5 }), job(3, 'queued')], { queued: 1, running: 1, done: 7 })
    // job 2 finished, job 3 started, job 4 was queued: all after the snapshot
    const now = [job(4, 'queued', { submitted: 12 }), job(3, 'running', { started: 11 }), job(2, 'done', { started: 5, finished: 11 })]
    const v = poolView(snap, now)
    expect(v.counts).toMatchObject({ queued: 1, running: 1, done: 8 })
    // the lists say the same as the counts
    expect(v.active.filter((j) => j.state === 'running')).toHaveLength(v.counts.running)
    expect(v.active.filter((j) => j.state === 'queued')).toHaveLength(v.counts.queued)
    expect(v.finished[0].id).toBe(2)
  })

  it('moves the per-queue counts on the same way', () => {
    const snap = { ...status(10, [job(3, 'queued'), job(5, 'queued')], { queued: 2 }) }
    snap.stats.queues = { backfill: 2 }
    const v = poolView(snap, [job(3, 'running', { started: 11 }), job(5, 'queued'), { ...job(6, 'queued', { submitted: 12 }), queue: 'live' }])
    expect(v.queues).toEqual({ backfill: 1, live: 1 })
    expect(Object.values(v.queues).reduce((a, b) => a + b, 0)).toBe(v.counts.queued)
  })

  it('reads a job the snapshot did not list from its timestamps', () => {
    // finished before the snapshot: already counted in it
    const old = job(1, 'done', { started: 1, finished: 2 })
    const v = poolView(status(10, [], { done: 5 }), [old])
    expect(v.counts.done).toBe(5)
    // submitted after it: new
    const fresh = job(9, 'failed', { submitted: 11, started: 11, finished: 12 })
    expect(poolView(status(10, [], { done: 5 }), [old, fresh]).counts).toMatchObject({ done: 5, failed: 1 })
  })

  it('never claims fewer active jobs than it lists, and none below zero', () => {
    const v = poolView(status(10, [], { queued: 0 }), [job(1, 'queued', { submitted: 3 }), job(2, 'queued', { submitted: 4 })])
    expect(v.counts.queued).toBe(2)
    expect(Object.values(v.counts).every((n) => n >= 0)).toBe(true)
  })

  it('before any snapshot, counts what the events told', () => {
    const v = poolView(null, [job(1, 'running', { started: 1 }), job(2, 'done', { finished: 3 })])
    expect(v.known).toBe(false)
    expect(v.counts).toMatchObject({ running: 1, done: 1, queued: 0 })
  })
})
