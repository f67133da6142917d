// npm run bench:report — a 7-day report of a busy machine (issue 12 targets: JSON < 1 s, PDF < 5 s,
// PDF < 2 MB). Seeds a temp data directory through the MetricStore (the path of live samples): 7 days
// at one sample every 5 s of CPU, memory, disk, network, one GPU, the engine and 6 process groups
// (the last 48 h also raw), 300 alert firings, 60 scan runs of 15 symbols. Then, in this process:
// the model (open the store, build the report; median of --rounds) and the PDF (inline the page,
// print it with the local Chromium, launch included; median of --rounds). Needs `npm run build:report`.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase, databaseSize } from '../electron/engine/store/database.ts'
import { MetricStore } from '../electron/engine/store/metric-store.ts'
import { ZoneStore } from '../electron/engine/store/zone-store.ts'
import { buildReport, thisHost } from '../electron/engine/report/index.ts'
import { reportHtml } from '../electron/engine/report/html.ts'
import { printPdf } from '../electron/engine/report/pdf.ts'
import { median } from './stats.ts'

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } })
const ROUNDS = Number(args.rounds)
const DAY = 86_400_000
const STEP = 5000
const retention = { rawHours: 48, minuteDays: 30, hourDays: 730 }

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-report-'))
try {
  const now = Math.floor(Date.now() / 60_000) * 60_000
  const from = now - 7 * DAY
  const file = path.join(dir, 'gapwatch.db')
  let t = performance.now()
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
    groups.forEach((g, k) => v.push([`group.${g}.cpu`, (busy * (k + 1)) / 3], [`group.${g}.rss`, (k + 1) * 5e8]))
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
  console.log(`seeded 7 days (${n.toLocaleString('en-US')} samples of ${11 + 2 * groups.length} metrics) in ${((performance.now() - t) / 1000).toFixed(1)} s; database ${(databaseSize(file) / 1e6).toFixed(1)} MB`)

  const host = thisHost()
  const model = () => {
    const d = openDatabase(file)
    const m = new MetricStore(d, { retention, now: () => now })
    try {
      const zones = new ZoneStore(d)
      return buildReport({ metrics: m, db: d, databaseBytes: databaseSize(file), scans: () => zones.scans(), host, now }, { from: now - 7 * DAY, to: now, preset: 'week' })
    } finally {
      m.close()
      d.close()
    }
  }
  const jsonMs: number[] = []
  let json = ''
  for (let i = 0; i < ROUNDS; i++) {
    t = performance.now()
    json = JSON.stringify(model())
    jsonMs.push(performance.now() - t)
  }
  const pdfMs: number[] = []
  let pdf: Uint8Array = new Uint8Array()
  for (let i = 0; i < ROUNDS; i++) {
    t = performance.now()
    pdf = await printPdf(reportHtml(model()))
    pdfMs.push(performance.now() - t)
  }
  const rows: Array<[string, string, string, boolean]> = [
    ['7-day report → JSON (median)', `${median(jsonMs).toFixed(0)} ms`, '< 1000 ms', median(jsonMs) < 1000],
    ['7-day report → PDF (median, Chromium launch included)', `${median(pdfMs).toFixed(0)} ms`, '< 5000 ms', median(pdfMs) < 5000],
    ['PDF size', `${(pdf.length / 1e6).toFixed(2)} MB`, '< 2 MB', pdf.length < 2 * 1024 * 1024],
    ['JSON size', `${(json.length / 1e6).toFixed(2)} MB`, '', true],
  ]
  for (const [what, value, target, ok] of rows) console.log(`${what.padEnd(56)} ${value.padStart(10)}  ${target}${target ? (ok ? '  ok' : '  MISSED') : ''}`)
  if (rows.some((r) => !r[3])) process.exitCode = 1
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
