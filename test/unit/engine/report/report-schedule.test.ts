// Scheduled reports with a fake clock and timer: the next run across DST changes, a run missed while
// the app was closed run once at start, files written and pruned to the last N, failures reported.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../helpers/temp.ts'
import { missedRun, nextRun, ReportScheduler } from '../../../../electron/engine/report/schedule.ts'
import { ReportScheduleSchema, type Report, type ReportPreset } from '../../../../shared/report.ts'

const T = (iso: string) => Date.parse(iso)
const weekdays17London = ReportScheduleSchema.parse({ enabled: true, cron: '0 17 * * 1-5', tz: 'Europe/London', keep: 2 })

function fake(dir: string, o: { print?: () => Promise<Uint8Array>; build?: (preset: ReportPreset, at: number) => Report; now: number }) {
  const clock = { now: o.now }
  const timers: Array<{ fn: () => void; ms: number }> = []
  const built: number[] = []
  const failures: string[] = []
  const successes: string[] = []
  const s = new ReportScheduler({
    dir,
    schedule: () => weekdays17London,
    build: o.build ?? ((_preset, at) => (built.push(at), { generatedAt: new Date(at).toISOString() } as unknown as Report)),
    print: o.print ?? (async () => new TextEncoder().encode('%PDF-fake')),
    onFailure: (m) => failures.push(m),
    onSuccess: (r) => successes.push(r.name),
    now: () => clock.now,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  })
  return { s, clock, timers, built, failures, successes }
}

describe('report schedule', () => {
  it('computes the next run in the schedule’s time zone across both DST changes', () => {
    // Friday 17:00 GMT → Monday 17:00 BST (16:00 UTC) after the clocks go forward on 29 March 2026.
    expect(nextRun(weekdays17London, T('2026-03-27T17:00:00Z'))).toBe(T('2026-03-30T16:00:00Z'))
    // Friday 17:00 BST → Monday 17:00 GMT (17:00 UTC) after they go back on 25 October 2026.
    expect(nextRun(weekdays17London, T('2026-10-23T16:00:00Z'))).toBe(T('2026-10-26T17:00:00Z'))
    expect(missedRun(weekdays17London, null, T('2026-04-01T08:00:00Z'))).toBeNull()
    expect(missedRun(weekdays17London, T('2026-03-30T16:00:00Z'), T('2026-04-01T08:00:00Z'))).toBe(T('2026-03-31T16:00:00Z'))
  })

  it('finds the latest missed run after a long absence (two years of a schedule every minute)', () => {
    // The forward walk stopped after 100,000 steps: ~69 days after the last run, not the last before now.
    const now = T('2026-12-02T18:00:30.500Z')
    expect(missedRun({ cron: '* * * * *', tz: 'Europe/London' }, T('2024-12-02T18:00:00Z'), now)).toBe(T('2026-12-02T18:00:00Z'))
    expect(missedRun({ cron: '0 * * * *', tz: 'Europe/London' }, T('2024-12-02T18:00:00Z'), now)).toBe(T('2026-12-02T18:00:00Z'))
  })

  it('gives the same missed run as walking the schedule forward, across DST changes and at the window edges', () => {
    const walk = (s: { cron: string; tz: string }, lastRun: number, now: number) => {
      let missed: number | null = null
      for (let t = nextRun(s, lastRun); t !== null && t <= now; t = nextRun(s, t)) missed = t
      return missed
    }
    const schedules = ['0 17 * * 1-5', '30 1 * * *', '0 * * * *', '*/20 * * * *', '0 9 1 * *', '15 2 * * 0']
    const zones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'UTC']
    // Around both 2026 DST changes in each zone, and at a run time exactly.
    const nows = ['2026-03-29T01:40:00Z', '2026-03-08T07:10:00Z', '2026-10-25T01:30:00Z', '2026-11-01T06:30:00Z', '2026-04-05T16:00:00Z', '2026-10-04T16:20:00Z', '2026-06-01T09:00:00Z']
    let compared = 0
    for (const cron of schedules) {
      for (const tz of zones) {
        for (const iso of nows) {
          const now = T(iso)
          for (const back of [1, 30 * 60_000, 3_600_000, 26 * 3_600_000, 9 * 86_400_000]) {
            const s = { cron, tz }
            expect(missedRun(s, now - back, now), `${cron} ${tz} ${iso} -${back}`).toBe(walk(s, now - back, now))
            compared++
          }
        }
      }
    }
    expect(compared).toBe(6 * 4 * 7 * 5)
  })

  it('runs a report missed while closed once at start, then arms the next and writes JSON and PDF', async () => {
    const dir = path.join(tempDir('gw-sched-'), 'reports')
    fs.mkdirSync(dir)
    // Last run Monday 17:00 BST; closed until Thursday 08:00: Tuesday's and Wednesday's were missed.
    fs.writeFileSync(path.join(dir, 'schedule-state.json'), JSON.stringify({ lastRun: T('2026-03-30T16:00:00Z') }))
    const f = fake(dir, { now: T('2026-04-02T07:00:00Z') })
    await f.s.start()
    expect(f.built).toEqual([T('2026-04-01T16:00:00Z')]) // once, for the latest missed time
    expect(f.s.list().map((r) => [r.name, r.json !== null, r.pdf !== null])).toEqual([['gapwatch-report-20260401T160000Z', true, true]])
    expect(f.timers.map((t) => t.ms)).toEqual([9 * 3_600_000]) // Thursday 17:00 BST
    // The timer fires at Thursday 17:00: that report, then Friday's is armed.
    f.clock.now = T('2026-04-02T16:00:00Z')
    f.timers[0].fn()
    await expect.poll(() => f.built.length).toBe(2)
    expect(f.built[1]).toBe(T('2026-04-02T16:00:00Z'))
    await expect.poll(() => f.timers.length).toBe(2)
    expect(f.timers[1].ms).toBe(24 * 3_600_000)
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'schedule-state.json'), 'utf8'))).toEqual({ lastRun: T('2026-04-02T16:00:00Z') })
    expect(f.failures).toEqual([])
    expect(f.successes).toEqual(['gapwatch-report-20260401T160000Z', 'gapwatch-report-20260402T160000Z'])
  })

  it('a first start runs nothing; keeps only the newest N reports', async () => {
    const dir = path.join(tempDir('gw-sched-'), 'reports')
    const f = fake(dir, { now: T('2026-04-02T07:00:00Z') })
    await f.s.start()
    expect(f.built).toEqual([])
    for (const at of ['2026-04-02T16:00:00Z', '2026-04-03T16:00:00Z', '2026-04-06T16:00:00Z']) await f.s.run(T(at))
    expect(f.s.list().map((r) => r.at)).toEqual(['2026-04-06T16:00:00.000Z', '2026-04-03T16:00:00.000Z'])
    expect(fs.readdirSync(dir).sort()).toEqual([
      'gapwatch-report-20260403T160000Z.json',
      'gapwatch-report-20260403T160000Z.pdf',
      'gapwatch-report-20260406T160000Z.json',
      'gapwatch-report-20260406T160000Z.pdf',
      'schedule-state.json',
    ])
  })

  it('a failure is reported, never skipped silently: no PDF keeps the JSON; a failed build writes nothing', async () => {
    const dir = path.join(tempDir('gw-sched-'), 'reports')
    const noPdf = fake(dir, { now: T('2026-04-02T07:00:00Z'), print: async () => Promise.reject(new Error('A PDF needs a local Chromium')) })
    const stored = await noPdf.s.run(T('2026-04-02T16:00:00Z'))
    expect(stored).toMatchObject({ json: 'gapwatch-report-20260402T160000Z.json', pdf: null })
    expect(noPdf.failures).toEqual(['The scheduled report of 2026-04-02T16:00:00.000Z has no PDF (its JSON was written): A PDF needs a local Chromium'])
    expect(noPdf.successes).toEqual([]) // a success would resolve the alert the failure raised
    const broken = fake(dir, { now: T('2026-04-03T07:00:00Z'), build: () => { throw new Error('database is locked') } })
    expect(await broken.s.run(T('2026-04-03T16:00:00Z'))).toBeNull()
    expect(broken.failures).toEqual(['The scheduled report of 2026-04-03T16:00:00.000Z was not written: database is locked'])
    expect(broken.s.list()).toHaveLength(1)
  })

  it('settings refuse a bad cron or time zone, naming it', () => {
    const bad = ReportScheduleSchema.safeParse({ cron: 'every day', tz: 'Mars/Base' })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['cron', 'is not a cron expression (e.g. "0 17 * * 1-5": weekdays at 17:00)'],
      ['tz', 'is not an IANA time zone (e.g. Europe/London)'],
    ])
  })
})
