// A split job's bookkeeping without processes: planning, weighted progress, the exact merge and the
// fail-all, on segments scanned in this process.
import { describe, expect, it } from 'vitest'
import { JobGroup, type GroupPart } from '../../../../electron/engine/pool/job-group.ts'
import { runScanJob } from '../../../../electron/engine/pool/scan-job.ts'
import type { ScanJobSpec } from '../../../../electron/engine/pool/protocol.ts'

const spec = (count: number, options = {}): ScanJobSpec => ({
  kind: 'scan', symbol: 'G', source: { kind: 'generated', seed: 5, count, intervalMs: 60_000, startPrice: 100 }, options,
})
type Part = GroupPart & { share: number }
const plan = (s: ScanJobSpec, size: number) =>
  JobGroup.plan<Part>(s, size, (seg, _i, _n, share) => ({ spec: seg, info: { state: 'queued', progress: 0 }, share }))

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
    const g = plan(spec(25_000), 10_000)!
    const results = await Promise.all(g.parts.map((p) => runScanJob(p.spec)))
    expect(g.complete(g.parts[2], results[2])).toBeNull()
    expect(g.complete(g.parts[0], results[0])).toBeNull()
    const merged = g.complete(g.parts[1], results[1])!
    expect(merged.candles).toBe(whole.candles)
    expect(merged.fvgs).toBe(whole.fvgs)
    expect(merged.zones).toEqual(whole.zones)
  })

  it('stops every part and forgets their results on a fail-all', async () => {
    const g = plan(spec(25_000), 10_000)!
    const first = await runScanJob(g.parts[0].spec)
    g.complete(g.parts[0], first)
    const stopped: Part[] = []
    g.stopAll((p) => stopped.push(p))
    expect(stopped).toEqual(g.parts)
    // A late result after the fail-all cannot complete the group.
    expect(g.complete(g.parts[1], first)).toBeNull()
  })
})
