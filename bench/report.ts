// npm run bench:report — a 7-day report of a busy machine (issue 12 targets: JSON < 1 s, PDF < 5 s,
// PDF < 2 MB). Seeds a temp data directory through the MetricStore (the path of live samples): 7 days
// at one sample every 5 s of CPU, memory, disk, network, one GPU, the engine and 6 process groups (CPU, RSS and PSS)
// (the last 48 h also raw), 300 alert firings, 60 scan runs of 15 symbols. Then, in this process, as
// `gapwatch report` does it: the model (open the database, build the report with its cost section,
// close; median of --rounds, wall and CPU time) and the PDF (the model, the inlined page, printed by
// the local Chromium, launch included). Baselines measured in the same run, so a loaded machine shows
// in them too: the history reads the report made before store/tier-read.ts (one range query per
// metric, the SQL kept here) against the one-pass reads, and a one-line page printed by the same
// Chromium (its launch and print floor). Needs `npm run build:report`; `-- --chromium PATH` prints with
// that Chromium instead of the one found on PATH (pdf.ts: a headless shell is preferred).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase, databaseSize } from '../electron/engine/store/database.ts'
import { MetricStore } from '../electron/engine/store/metric-store.ts'
import { ZoneStore } from '../electron/engine/store/zone-store.ts'
import { SettingsStore } from '../electron/engine/store/settings-store.ts'
import { buildReport, costOfPeriod, thisHost } from '../electron/engine/report/index.ts'
import { metricSql } from '../electron/engine/store/metric-sql.ts'
import { FINE_POINTS } from '../electron/engine/report/series.ts'
import { REPORT_CHART_POINTS } from '../shared/report.ts'
import { reportHtml } from '../electron/engine/report/html.ts'
import { findChromium, printPdf } from '../electron/engine/report/pdf.ts'
import { median } from './stats.ts'

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, chromium: { type: 'string' } } })
const ROUNDS = Number(args.rounds)
const DAY = 86_400_000
const STEP = 5000
const retention = { rawHours: 48, minuteDays: 30, hourDays: 730 }

console.log(`load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-report-'))
try {
  const now = Math.floor(Date.now() / 60_000) * 60_000
  const from = now - 7 * DAY
  const file = path.join(dir, 'gapwatch.db')
  const t = performance.now()
  const db = openDatabase(file)
  const metrics = new MetricStore(db, { retention, now: () => now })
  const groups = ['mt5', 'ib-gateway', 'python-strategy', 'chrome', 'node-feed', 'postgres']
  let n = 0
  for (let ts = from; ts < now; ts += STEP, n++) {
    const phase = (ts % DAY) / DAY
    const busy = 55 + 35 * Math.sin(phase * 2 * Math.PI) + ((n * 7919) % 13)
    const v: Array<[string, number]> = [
      ['cpu.total', Math.min(100, busy)],
      ['cpu.iowait', (n % 17) / 4],
      ['mem.used', 20e9 + 8e9 * phase],
      ['mem.used_pct', 60 + 25 * phase],
      ['disk.read_bps', ((n * 31) % 97) * 1e6],
      ['disk.write_bps', ((n * 17) % 89) * 1e6],
      ['net.rx_bps', ((n * 13) % 71) * 1e5],
      ['net.tx_bps', ((n * 11) % 67) * 1e5],
      ['gpu.0.util', (n * 3) % 100],
      ['engine.cpu', 1 + (n % 5) / 10],
      ['engine.rss', 120e6 + (n % 50) * 1e5],
    ]
    groups.forEach((g, k) => v.push([`group.${g}.cpu`, (busy * (k + 1)) / 3], [`group.${g}.rss`, (k + 1) * 5e8], [`group.${g}.pss`, ((k + 1) * 5e8) / (k + 2)]))
    metrics.append(ts, v)
    if (n % 2000 === 1999) metrics.flush()
  }
  metrics.flush()
  const log = db.prepare('INSERT INTO alert_log (t, rule, severity, state, value, message, muted) VALUES (?, ?, ?, ?, ?, ?, NULL)')
  const run = db.prepare('INSERT INTO pool_run (id, kind, started_at, finished_at, workers, jobs) VALUES (?, ?, ?, ?, ?, ?)')
  const job = db.prepare(`INSERT INTO pool_job (run_id, job_id, symbol, timeframe, queue, state, attempts, candles, fvgs, started_at, finished_at) VALUES (?, ?, ?, '15m', 'q', 'done', 1, 100000, 900, ?, ?)`)
  db.transaction(() => {
    for (let i = 0; i < 300; i++) {
      const at = from + i * (7 * DAY / 300)
      log.run(at, `rule_${i % 12}`, ['info', 'warning', 'critical'][i % 3], 'firing', 90, 'm')
      log.run(at + 600_000, `rule_${i % 12}`, ['info', 'warning', 'critical'][i % 3], 'resolved', 50, 'm')
    }
    for (let r = 1; r <= 60; r++) {
      const at = from + r * (7 * DAY / 61)
      run.run(r, 'scan', at, at + 60_000, 2, 15)
      for (let j = 1; j <= 15; j++) job.run(r, j, `SYM${j}`, at, at + 1000 + j * 100)
    }
  })()
  metrics.close()
  db.close()
  console.log(`seeded 7 days (${n.toLocaleString('en-US')} samples of ${11 + 3 * groups.length} metrics) in ${((performance.now() - t) / 1000).toFixed(1)} s; database ${(databaseSize(file) / 1e6).toFixed(1)} MB`)

  const host = thisHost()
  const period = { from: now - 7 * DAY, to: now, preset: 'week' as const }
  const model = () => {
    const d = openDatabase(file)
    const m = new MetricStore(d, { retention, now: () => now })
    try {
      const zones = new ZoneStore(d)
      const settings = new SettingsStore(d).get().cost
      const cost = (f: number, t: number) => costOfPeriod({ metrics: m, db: d, settings, host }, f, t, now)
      return buildReport({ metrics: m, db: d, databaseBytes: databaseSize(file), scans: () => zones.scans(), host, now, cost }, period)
    } finally {
      m.close()
      d.close()
    }
  }
  const cpuMs = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  /** Median wall and CPU ms of ROUNDS runs of f, and its last result. */
  const timed = async <T>(f: () => T | Promise<T>): Promise<{ wall: number; cpu: number; last: T }> => {
    const wall: number[] = []
    const cpu: number[] = []
    let last!: T
    for (let i = 0; i < ROUNDS; i++) {
      const [w, c] = [performance.now(), cpuMs()]
      last = await f()
      wall.push(performance.now() - w)
      cpu.push(cpuMs() - c)
    }
    return { wall: median(wall), cpu: median(cpu), last }
  }

  // The history reads alone, on one open store: before (per metric, the statement build.ts ran until
  // store/tier-read.ts; 7 days are on the 1-minute tier) and now (one pass per tier).
  const d = openDatabase(file)
  const m = new MetricStore(d, { retention, now: () => now })
  const wanted = m.metricNames().filter((name) => name !== 'cpu.iowait')
  const perMetric = d.prepare(metricSql.queryRollup_1m.sql).raw(true)
  const idOf = new Map((d.prepare('SELECT name, id FROM metric').all() as Array<{ name: string; id: number }>).map((r) => [r.name, r.id]))
  const chartMs = Math.ceil((7 * DAY) / REPORT_CHART_POINTS / 60_000) * 60_000
  const before = await timed(() => {
    let rows = 0
    for (const name of wanted) rows += perMetric.all({ origin: period.from, bucket: chartMs, id: idOf.get(name), to: now }).length
    return rows + perMetric.all({ origin: period.from, bucket: 60_000, id: idOf.get('cpu.total'), to: now }).length
  })
  const charted = ['cpu.total', 'mem.used_pct', 'disk.read_bps', 'disk.write_bps', 'net.rx_bps', 'net.tx_bps', 'gpu.0.util']
  const onePass = await timed(() => {
    const read = m.tierRead(now)
    read.totals(wanted, period.from, now)
    read.buckets(charted, period.from, now, REPORT_CHART_POINTS)
    return read.buckets(['cpu.total'], period.from, now, FINE_POINTS).series[0].buckets.length
  })
  m.close()
  d.close()

  const json = await timed(() => JSON.stringify(model()))
  const floor = await timed(() => printPdf('<!doctype html><p>Gapwatch</p><script>window.__reportReady = true</script>', { chromium: args.chromium }))
  const pdf = await timed(async () => printPdf(reportHtml(model()), { chromium: args.chromium }))
  const rows: Array<[string, string, string, boolean]> = [
    ['history reads, per metric (before): median', `${before.wall.toFixed(0)} ms`, `cpu ${before.cpu.toFixed(0)} ms`, true],
    ['history reads, one pass per tier (now): median', `${onePass.wall.toFixed(0)} ms`, `cpu ${onePass.cpu.toFixed(0)} ms, ${(before.cpu / onePass.cpu).toFixed(1)}x less`, true],
    ['7-day report -> JSON (open, build with cost, close): median', `${json.wall.toFixed(0)} ms`, `cpu ${json.cpu.toFixed(0)} ms; target < 1000 ms`, json.wall < 1000],
    ['one-line page -> PDF (Chromium launch and print floor): median', `${floor.wall.toFixed(0)} ms`, '', true],
    ['7-day report -> PDF (model, page, Chromium launch): median', `${pdf.wall.toFixed(0)} ms`, `${(pdf.wall / floor.wall).toFixed(2)}x the floor; target < 5000 ms`, pdf.wall < 5000],
    ['PDF size', `${(pdf.last.length / 1e6).toFixed(2)} MB`, 'target < 2 MB', pdf.last.length < 2 * 1024 * 1024],
    ['JSON size', `${(json.last.length / 1e6).toFixed(2)} MB`, '', true],
  ]
  for (const [what, value, note, ok] of rows) console.log(`${what.padEnd(64)} ${value.padStart(9)}  ${note}${ok ? '' : '  MISSED'}`)
  console.log(`printed by ${findChromium(args.chromium)}`)
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min) on ${os.availableParallelism()} cores; ${ROUNDS} rounds`)
  if (rows.some((r) => !r[3])) process.exitCode = 1
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
