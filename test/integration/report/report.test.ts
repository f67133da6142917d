// `gapwatch report --format json`: the model of a seeded history equals figures worked out by hand,
// and every report (also one with no alerts, no GPU and no scans) validates against the shipped schema.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'
import { reportJsonSchema, type Report } from '../../../shared/report.ts'
import { formatPercent as pct, formatUtcMinute } from '../../../shared/format.ts'
import { GROUP_MEMORY, PSS_FROM_SECOND, SECONDS, seedEvents, seedHistory, seedStart } from './seed.ts'

const schemaFile = path.resolve(import.meta.dirname, '../../../resources/report.schema.json')
const validate = new Ajv2020({ strict: true, allErrors: true, validateFormats: false }).compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')))
const iso = (t: number) => new Date(t).toISOString()

async function reportJson(args: string[]): Promise<Report> {
  const r = await runToEnd(['report', '--format', 'json', ...args])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  const model = JSON.parse(r.stdout) as Report
  expect(validate(model), JSON.stringify(validate.errors)).toBe(true)
  return model
}

describe('gapwatch report (JSON)', () => {
  it('resources/report.schema.json is the schema generated from shared/report.ts (regenerate: gapwatch report --schema --out resources/report.schema.json)', async () => {
    expect(JSON.parse(fs.readFileSync(schemaFile, 'utf8'))).toEqual(reportJsonSchema())
    const printed = await runToEnd(['report', '--schema'])
    expect(printed.code).toBe(0)
    expect(JSON.parse(printed.stdout)).toEqual(reportJsonSchema())
  })

  it('the model of a seeded history equals the hand-computed figures', async () => {
    const dir = tempDir('gw-report-')
    const t0 = seedStart()
    await seedHistory(dir, t0)
    seedEvents(dir, t0)
    const to = t0 + SECONDS * 1000
    const r = await reportJson(['--data-dir', dir, '--from', iso(t0), '--to', iso(to)])

    expect(r.schemaVersion).toBe(2)
    expect(r.period).toMatchObject({ from: iso(t0), to: iso(to), preset: null, tier: 'raw' })
    // cpu.total cycles 0…99 six times: mean 49.5; nearest-rank p95 is the 570th of 600 sorted values, 94.
    expect(r.summary.cpu).toEqual({ avg: 49.5, p95: 94, max: 99 })
    expect(r.summary.memoryPeakPct).toBe(60)
    expect(r.summary.memoryPeakBytes).toBe(6e9)
    expect(r.summary.gpuPeakPct).toBeNull()
    expect(r.summary.diskWritePeakBps).toBe(599_000)
    expect(r.summary.diskReadPeakBps).toBe(100)
    expect(r.summary.netRxPeakBps).toBe(500)
    expect(r.summary.netTxPeakBps).toBe(250)
    // Two firings of cpu_high start in the period; mem_full was already firing when it began.
    expect(r.summary.alertsFired).toEqual({ info: 0, warning: 2, critical: 0 })
    expect(r.summary.scansRun).toBe(1)

    const mem = r.utilisation.find((u) => u.metric === 'mem.used_pct')!
    expect(mem).toMatchObject({ label: 'Memory used', unit: 'percent', stats: { min: 40, max: 60, avg: 50 } })
    expect(r.utilisation.map((u) => u.metric)).toEqual(['cpu.total', 'mem.used_pct', 'disk.read_bps', 'disk.write_bps', 'net.rx_bps', 'net.tx_bps'])
    for (const u of r.utilisation) {
      expect(u.points.length).toBeGreaterThan(0)
      expect(u.points.length).toBeLessThanOrEqual(400)
      for (const [t, lo, hi, avg] of u.points) {
        expect(t).toBeGreaterThanOrEqual(t0)
        expect(t).toBeLessThan(to)
        expect(lo).toBeLessThanOrEqual(avg)
        expect(avg).toBeLessThanOrEqual(hi)
      }
    }

    expect(r.alerts.firings).toEqual([
      { rule: 'mem_full', severity: 'critical', start: iso(t0 - 60_000), end: null, peak: 97 },
      { rule: 'cpu_high', severity: 'warning', start: iso(t0 + 60_000), end: iso(t0 + 180_000), peak: 95 },
      { rule: 'cpu_high', severity: 'warning', start: iso(t0 + 500_000), end: null, peak: 91 },
    ])
    // mem_full: the whole 600 s period; cpu_high: 120 s + the 100 s up to the period's end.
    expect(r.alerts.byRule).toEqual([
      { rule: 'mem_full', severity: 'critical', firings: 1, timeInAlertMs: 600_000 },
      { rule: 'cpu_high', severity: 'warning', firings: 2, timeInAlertMs: 220_000 },
    ])

    expect(r.scanner).toMatchObject({ runs: 1, jobs: { done: 2, failed: 1, cancelled: 0 }, candles: 4000, fvgs: 40 })
    // 4,000 candles in 6 s of job time; jobs of 2 s and 4 s.
    expect(r.scanner.candlesPerSecond).toBe(667)
    expect(r.scanner.balance).toEqual({ workers: 2, jobMs: { min: 2000, median: 2000, max: 4000 } })
    expect(r.scanner.symbols.map((s) => [s.symbol, s.fvgs, s.mitigated, s.open])).toEqual([
      ['EURUSD', 10, 6, 4],
      ['XAUUSD', 30, 0, 30],
    ])

    expect(r.processes.byCpu.map((g) => [g.name, g.cpu.avg])).toEqual([['trader', 150], ['browser', 20]])
    // Ranked by PSS, as the Overview shows groups: the browser's 4 GB of summed RSS is 0.5 GB of PSS.
    expect(r.processes.byMemory.map((g) => [g.name, g.pssBytes.avg, g.rssBytes.avg])).toEqual([['trader', 1.5e9, 2e9], ['browser', 0.5e9, 4e9]])
    expect(r.processes.memory).toMatchObject({ rankedBy: 'pss', pssFrom: null, withoutPss: [] })
    expect(r.processes.memory.note).toMatch(/^Memory is PSS: a page the processes of a group share counts once/)
    // The cost analysis over the period, with the default pricing and this host's capacity: 10 minutes
    // are too few hours for a recommendation.
    expect(r.cost).toMatchObject({ pricing: 'per-hour', verdict: 'not-enough-data', recommended: null, current: { cores: os.availableParallelism() } })
    expect(r.cost!.utilisation.memoryGb.max).toBe(6)
    expect(r.engine.cpu).toEqual({ min: 2, max: 2, avg: 2 })
    expect(r.engine.rssBytes.avg).toBe(100e6)
    expect(r.engine.databaseBytes).toBeGreaterThan(0)

    // p95 94 % is past the 80 % called busy; 60 % of memory is short of the 90 % called close to full.
    expect(r.summary.findings[0]).toBe(`The CPU was busy: it averaged ${pct(49.5)} (95th percentile ${pct(94)}, peak ${pct(99)}).`)
    expect(r.summary.findings).toContain(`Memory peaked at ${pct(60)}.`)
    expect(r.summary.findings.some((f) => f.startsWith('2 alerts fired (0 critical, 2 warning, 0 info); mem_full spent longest in alert'))).toBe(true)
    expect(r.summary.findings).toContain('1 scan ran: 4,000 candles, 40 FVGs found, 1 job failed.')
  })

  it('history without group PSS (recorded before it was kept) is ranked by RSS and says so', async () => {
    const dir = tempDir('gw-report-')
    const t0 = seedStart()
    await seedHistory(dir, t0, 'none')
    const r = await reportJson(['--data-dir', dir, '--from', iso(t0), '--to', iso(t0 + SECONDS * 1000)])
    expect(r.processes.byMemory.map((g) => [g.name, g.pssBytes, g.rssBytes.avg])).toEqual([
      ['browser', { min: null, max: null, avg: null }, GROUP_MEMORY.browser.rss],
      ['trader', { min: null, max: null, avg: null }, GROUP_MEMORY.trader.rss],
    ])
    expect(r.processes.memory).toMatchObject({ rankedBy: 'rss', pssFrom: null, withoutPss: [] })
    expect(r.processes.memory.note).toMatch(/^No group PSS was recorded in this period .*memory is RSS summed per process/)
  })

  it('a period PSS began in the middle of says from when, and ranks a group without PSS after those with it', async () => {
    const dir = tempDir('gw-report-')
    const t0 = seedStart()
    await seedHistory(dir, t0, 'late')
    const r = await reportJson(['--data-dir', dir, '--from', iso(t0), '--to', iso(t0 + SECONDS * 1000)])
    // legacy's 9 GB of RSS would rank it first by RSS; it has no PSS, so it comes after the groups that do.
    expect(r.processes.byMemory.map((g) => [g.name, g.pssBytes.avg, g.rssBytes.avg])).toEqual([
      ['trader', GROUP_MEMORY.trader.pss, GROUP_MEMORY.trader.rss],
      ['browser', GROUP_MEMORY.browser.pss, GROUP_MEMORY.browser.rss],
      ['legacy', null, GROUP_MEMORY.legacy.rss],
    ])
    const from = t0 + PSS_FROM_SECOND * 1000
    expect(r.processes.memory).toMatchObject({ rankedBy: 'pss', pssFrom: iso(from), withoutPss: ['legacy'] })
    expect(r.processes.memory.note).toContain(`Group PSS was not recorded before ${formatUtcMinute(iso(from))}: the PSS figures cover the period from then on`)
    expect(r.processes.memory.note).toContain('legacy has no PSS in this period and is listed last, by RSS.')
    // The PSS figures are those of the samples that have one; RSS covers the whole period.
    expect(r.processes.byMemory[0].pssBytes).toEqual({ min: GROUP_MEMORY.trader.pss, max: GROUP_MEMORY.trader.pss, avg: GROUP_MEMORY.trader.pss })
  })

  it('a period with no history, no alerts, no GPU and no scans validates and says so', async () => {
    const dir = tempDir('gw-report-')
    const t0 = seedStart()
    await seedHistory(dir, t0)
    const r = await reportJson(['--data-dir', dir, '--from', iso(t0 - 86_400_000), '--to', iso(t0 - 3_600_000)])
    expect(r.summary.cpu).toEqual({ avg: null, p95: null, max: null })
    expect(r.utilisation.every((u) => u.points.length === 0)).toBe(true)
    expect(r.alerts).toEqual({ firings: [], byRule: [] })
    expect(r.scanner.runs).toBe(0)
    expect(r.scanner.symbols).toEqual([])
    expect(r.processes.byCpu).toEqual([])
    expect(r.summary.findings).toEqual(['No history was recorded in this period.', 'No alert fired.', 'No FVG scan ran in this period.'])
  })

  it('charts memory in bytes where the history holds no share of it (an imported trace)', async () => {
    const dir = tempDir('gw-report-')
    const t0 = seedStart()
    const csv = path.join(dir, 'mem.csv')
    fs.writeFileSync(csv, ['time,cpu.total,mem.used', `${t0},10,1000`, `${t0 + 60_000},20,3000`].join('\n') + '\n')
    expect((await runToEnd(['history', 'import', csv, '--data-dir', dir])).code).toBe(0)
    const r = await reportJson(['--data-dir', dir, '--from', iso(t0), '--to', iso(t0 + 120_000)])
    expect(r.utilisation[1]).toMatchObject({ metric: 'mem.used', label: 'Memory used', unit: 'bytes', stats: { min: 1000, max: 3000, avg: 2000 } })
    expect(r.summary.memoryPeakBytes).toBe(3000)
    expect(r.summary.memoryPeakPct).toBeNull()
  })

  it('presets and bad options: a clear message and exit 2', async () => {
    const dir = tempDir('gw-report-')
    await seedHistory(dir, seedStart())
    const week = await reportJson(['--data-dir', dir, '--preset', 'week'])
    expect(Date.parse(week.period.to) - Date.parse(week.period.from)).toBe(7 * 86_400_000)
    expect(week.period.preset).toBe('week')
    const cases: Array<[string[], RegExp]> = [
      [['--preset', 'year'], /--preset: "year" is not day, week or month/],
      [['--format', 'docx'], /--format: "docx" is not json, html or pdf/],
      [['--from', '2026-01-02', '--to', '2026-01-01'], /--from: from \(2026-01-02T00:00:00.000Z\) must be before to/],
      [['--from', 'yesterday'], /--from: "yesterday" is not a time/],
      [['--preset', 'day', '--from', '1d'], /--preset: give a preset or from\/to, not both/],
      [['--format', 'pdf'], /--format pdf needs --out FILE/],
    ]
    for (const [args, message] of cases) {
      const r = await runToEnd(['report', '--data-dir', dir, ...args])
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(message)
    }
    fs.mkdirSync(path.join(dir, 'empty'))
    const none = await runToEnd(['report', '--data-dir', path.join(dir, 'empty')])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/No history in .*empty \(no gapwatch.db\)/)
    const missing = await runToEnd(['report', '--data-dir', path.join(dir, 'nowhere')])
    expect([missing.code, missing.stderr]).toEqual([2, `gapwatch: --data-dir ${path.join(dir, 'nowhere')}: no such directory.\n`])
  })
})
