// A seeded data directory for the report tests: 10 minutes of history at 1 Hz imported with
// `gapwatch history import` (the CLI path of any history), then alert log rows, scan runs and symbol
// scans written into its database. The figures the tests expect are worked out by hand in report.test.ts.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { runToEnd } from '../../helpers/serve.ts'

export const SECONDS = 600
const S = 1000

/** The period's start: two hours ago on a whole minute (within the raw tier's 48 h). */
export function seedStart(now = Date.now()): number {
  return Math.floor(now / 60_000) * 60_000 - 2 * 3_600_000
}

/**
 * Which samples hold the groups' PSS: every one (an engine that records group.NAME.pss), none (history
 * recorded before it did, or imported without it), or those from PSS_FROM_SECOND on, as on an upgrade
 * in the middle of the period; 'late' also has a group 'legacy' that ended before then (RSS only).
 */
export type SeedPss = 'all' | 'none' | 'late'
export const PSS_FROM_SECOND = 240
/** The groups' memory: the trader's pool shares little, the browser's processes share most of theirs. */
export const GROUP_MEMORY = { trader: { rss: 2e9, pss: 1.5e9 }, browser: { rss: 4e9, pss: 0.5e9 }, legacy: { rss: 9e9 } }

export async function seedHistory(dir: string, t0: number, pss: SeedPss = 'all'): Promise<void> {
  const cols = ['cpu.total', 'mem.used_pct', 'mem.used', 'disk.read_bps', 'disk.write_bps', 'net.rx_bps', 'net.tx_bps', 'engine.cpu', 'engine.rss',
    'group.trader.cpu', 'group.trader.rss', 'group.browser.cpu', 'group.browser.rss']
  if (pss !== 'none') cols.push('group.trader.pss', 'group.browser.pss')
  if (pss === 'late') cols.push('group.legacy.cpu', 'group.legacy.rss')
  const { trader, browser, legacy } = GROUP_MEMORY
  const rows = [['time', ...cols].join(',')]
  for (let i = 0; i < SECONDS; i++) {
    const half = i < SECONDS / 2
    const row: Array<number | ''> = [t0 + i * S, i % 100, half ? 40 : 60, half ? 4e9 : 6e9, 100, i * 1000, 500, 250, 2, 100e6, 150, trader.rss, 20, browser.rss]
    const before = pss === 'late' && i < PSS_FROM_SECOND
    if (pss !== 'none') row.push(before ? '' : trader.pss, before ? '' : browser.pss)
    if (pss === 'late') row.push(before ? 5 : '', before ? legacy.rss : '')
    rows.push(row.join(','))
  }
  const csv = path.join(dir, 'seed.csv')
  fs.writeFileSync(csv, `${rows.join('\n')}\n`)
  const r = await runToEnd(['history', 'import', csv, '--data-dir', dir])
  if (r.code !== 0) throw new Error(`history import failed: ${r.stderr}`)
  fs.rmSync(csv)
}

export function seedEvents(dir: string, t0: number): void {
  const db = new Database(path.join(dir, 'gapwatch.db'))
  const log = db.prepare('INSERT INTO alert_log (t, rule, severity, state, value, message, muted) VALUES (?, ?, ?, ?, ?, ?, NULL)')
  log.run(t0 - 60 * S, 'mem_full', 'critical', 'firing', 97, 'memory full') // firing before the period, still at its end
  log.run(t0 + 60 * S, 'cpu_high', 'warning', 'firing', 95, 'cpu high')
  log.run(t0 + 180 * S, 'cpu_high', 'warning', 'resolved', 50, 'cpu high')
  log.run(t0 + 500 * S, 'cpu_high', 'warning', 'firing', 91, 'cpu high')
  log.run(t0 + 700 * S, 'cpu_high', 'warning', 'resolved', 40, 'cpu high') // after the period
  log.run(t0 - 7200 * S, 'old', 'info', 'firing', 1, 'long ago')
  log.run(t0 - 7100 * S, 'old', 'info', 'resolved', 1, 'long ago')
  const run = db.prepare('INSERT INTO pool_run (id, kind, started_at, finished_at, workers, jobs) VALUES (?, ?, ?, ?, ?, ?)')
  run.run(1, 'scan', t0 - 3600 * S, t0 - 3590 * S, 4, 1) // before the period
  run.run(2, 'scan', t0 + 100 * S, t0 + 105 * S, 2, 3)
  const job = db.prepare(`INSERT INTO pool_job (run_id, job_id, symbol, timeframe, queue, state, attempts, error, candles, fvgs, started_at, finished_at)
    VALUES (?, ?, ?, '15m', 'default', ?, 1, ?, ?, ?, ?, ?)`)
  job.run(1, 1, 'OLD', 'done', null, 99_999, 999, t0 - 3600 * S, t0 - 3590 * S)
  job.run(2, 1, 'EURUSD', 'done', null, 1000, 10, t0 + 100 * S, t0 + 102 * S)
  job.run(2, 2, 'XAUUSD', 'done', null, 3000, 30, t0 + 100 * S, t0 + 104 * S)
  job.run(2, 3, 'BTCUSDT', 'failed', 'worker died', null, null, t0 + 100 * S, t0 + 105 * S)
  const scan = db.prepare(`INSERT INTO symbol_scan (symbol, timeframe, source, candles, first_time, last_time, last_close, interval_ms, fvgs, open_fvgs, scanned_at)
    VALUES (?, '15m', 'demo', ?, 0, 1, 1, 900000, ?, ?, ?)`)
  scan.run('EURUSD', 1000, 10, 4, t0 + 102 * S)
  scan.run('XAUUSD', 3000, 30, 30, t0 + 104 * S)
  scan.run('OLD', 99_999, 999, 0, t0 - 3590 * S)
  db.close()
}
