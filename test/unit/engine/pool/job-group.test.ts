// A split job's bookkeeping without processes: planning, weighted progress, the exact merge and the
// fail-all, on segments scanned in this process.
import { describe, expect, it, vi } from 'vitest'
import type { GroupPart } from '../../../../electron/engine/pool/job-group.ts'
import { ownedGroup } from '../../../helpers/job-group.ts'
import { runScanJob } from '../../../../electron/engine/pool/scan-job.ts'
import { NO_SPLIT } from '../../../../electron/engine/pool/split.ts'
import type { ScanJobSpec } from '../../../../electron/engine/pool/protocol.ts'
import type { JobInfo } from '../../../../shared/scanner.ts'

const spec = (count: number, options = {}): ScanJobSpec => ({
  kind: 'scan', symbol: 'G', source: { kind: 'generated', seed: 5, count, intervalMs: 60_000, startPrice: 100 }, options,
})
type Part = GroupPart & { share: number }
const owned = (s: ScanJobSpec, size: number, state?: JobInfo['state']) =>
  ownedGroup<Part>(s, { ...NO_SPLIT, segmentCandles: size }, (seg, _i, _n, share) => ({ spec: seg, info: { state: 'queued', progress: 0 }, share }), state)
const plan = (s: ScanJobSpec, size: number) => owned(s, size)?.group ?? null

describe('JobGroup', () => {
  it('cuts a long generated series into consecutive parts whose shares add up to 1', () => {
    const g = plan(spec(25_000), 10_000)!
    expect(g.parts.map((p) => p.spec.segment)).toEqual([{ from: 0, to: 10_000 }, { from: 10_000, to: 20_000 }, { from: 20_000, to: 25_000 }])
    expect(g.parts.map((p) => p.share)).toEqual([0.4, 0.4, 0.2])
  })

  it('keeps short series and options that cannot split whole', () => {
    expect(plan(spec(9_000), 10_000)).toBeNull()
    expect(plan(spec(25_000, { joinConsecutive: true }), 10_000)).toBeNull()
    expect(plan(spec(25_000, { minGap: { kind: 'auto' } }), 10_000)).toBeNull()
  })

  it('weighs progress by part length', () => {
    const g = plan(spec(25_000), 10_000)!
    g.parts[0].info.state = 'done'
    g.parts[2].info.progress = 0.5
    expect(g.progress()).toBeCloseTo((10_000 + 2_500) / 25_000, 12)
  })

  it('merges once every part is in, in any order, into exactly the whole scan', async () => {
    const whole = await runScanJob(spec(25_000))
    const { group: g, calls } = owned(spec(25_000), 10_000)!
    const results = await Promise.all(g.parts.map((p) => runScanJob(p.spec)))
    await g.partDone(g.parts[2], results[2])
    await g.partDone(g.parts[0], results[0])
    expect(calls.done).toEqual([])
    await g.partDone(g.parts[1], results[1])
    expect(calls.done).toHaveLength(1)
    const merged = calls.done[0]
    expect(merged.candles).toBe(whole.candles)
    expect(merged.fvgs).toBe(whole.fvgs)
    expect(merged.zones).toEqual(whole.zones)
  })

  it('stops every part and forgets their results on a fail-all', async () => {
    const { group: g, info, calls } = owned(spec(25_000), 10_000)!
    const first = await runScanJob(g.parts[0].spec)
    await g.partDone(g.parts[0], first)
    g.failAll('a worker failed')
    expect(calls.stopped).toEqual(g.parts)
    expect(calls.failed).toEqual(['a worker failed'])
    // Late results after the fail-all cannot complete the group, even were the job running again.
    info.state = 'running'
    await g.partDone(g.parts[1], first)
    await g.partDone(g.parts[2], first)
    expect(calls.done).toEqual([])
  })

  it('stops every part on a cancel', () => {
    const { group: g, calls } = owned(spec(25_000), 10_000)!
    g.cancel()
    expect(calls.stopped).toEqual(g.parts)
    expect(calls.failed).toEqual([])
  })
})

describe('JobGroup with an owner', () => {
  it('keeps the visible job running from its first part and ends it once with the merged result', async () => {
    const { group: g, info, calls } = owned(spec(25_000), 10_000, 'queued')!
    g.partStarted({ ...g.parts[1], info: { ...g.parts[1].info, attempts: 1, workerPid: 42 } })
    expect(info).toMatchObject({ state: 'running', attempts: 1, workerPid: 42, stage: 'starting' })
    const whole = await runScanJob(spec(25_000))
    for (const p of [...g.parts].reverse()) g.partDone(p, await runScanJob(p.spec))
    await vi.waitFor(() => expect(calls.done).toHaveLength(1))
    expect(calls.done[0].zones).toEqual(whole.zones)
    expect(info.progress).toBe(1)
    expect(calls.failed).toEqual([])
  })

  it("fails the job with the first part's error once the parts before it are in, stopping every part", async () => {
    const { group: g, calls } = owned(spec(25_000), 10_000)!
    g.partFailed(g.parts[1], 'second part broke')
    expect(calls.failed).toEqual([]) // part 0 may still fail first
    g.partDone(g.parts[0], await runScanJob(g.parts[0].spec))
    expect(calls.failed).toEqual(['second part broke'])
    expect(calls.stopped).toEqual(g.parts)
  })

  it('does not finish a job that ended (cancelled) while its parts were merged', async () => {
    const { group: g, info, calls } = owned(spec(25_000), 10_000)!
    const results = await Promise.all(g.parts.map((p) => runScanJob(p.spec)))
    const merging = g.parts.map((p, i) => g.partDone(p, results[i])) // the last one starts the merge, in later turns
    info.state = 'cancelled'
    await Promise.all(merging) // however many turns the merge takes (it stops at the next one, seeing the cancel)
    expect(calls.done).toEqual([])
    expect(calls.failed).toEqual([])
  })
})
