// The report's scanner section: the pool runs and jobs of the period (run store tables) and the last
// scan of each symbol scanned in it (zone store).
import type { Db } from '../store/database.ts'
import type { SymbolScan } from '../store/zone-store.ts'
import type { ScannerSection } from '../../../shared/report.ts'

export function scannerSection(db: Db, scans: readonly SymbolScan[], from: number, to: number): ScannerSection {
  const runs = db.prepare('SELECT id, workers FROM pool_run WHERE started_at >= ? AND started_at < ?').all(from, to) as Array<{ id: number; workers: number }>
  const jobs = db
    .prepare(
      `SELECT state, candles, fvgs, started_at, finished_at FROM pool_job
       WHERE run_id IN (SELECT id FROM pool_run WHERE started_at >= ? AND started_at < ?)`,
    )
    .all(from, to) as Array<{ state: string; candles: number | null; fvgs: number | null; started_at: number | null; finished_at: number | null }>
  const counts = { done: 0, failed: 0, cancelled: 0 }
  let candles = 0
  let fvgs = 0
  let doneCandles = 0
  let busyMs = 0
  const durations: number[] = []
  for (const j of jobs) {
    if (j.state === 'done' || j.state === 'failed' || j.state === 'cancelled') counts[j.state]++
    candles += j.candles ?? 0
    fvgs += j.fvgs ?? 0
    if (j.state === 'done' && j.started_at !== null && j.finished_at !== null) {
      const ms = Math.max(0, j.finished_at - j.started_at)
      durations.push(ms)
      busyMs += ms
      doneCandles += j.candles ?? 0
    }
  }
  durations.sort((a, b) => a - b)
  const symbols = scans
    .filter((s) => s.scannedAt >= from && s.scannedAt < to)
    .map((s) => ({
      symbol: s.symbol,
      timeframe: s.timeframe,
      candles: s.candles,
      fvgs: s.fvgs,
      mitigated: s.fvgs - s.openFvgs,
      open: s.openFvgs,
      scannedAt: new Date(s.scannedAt).toISOString(),
    }))
  return {
    runs: runs.length,
    jobs: counts,
    candles,
    fvgs,
    candlesPerSecond: busyMs > 0 ? Math.round((doneCandles / busyMs) * 1000) : null,
    symbols,
    balance: {
      workers: runs.length > 0 ? Math.max(...runs.map((r) => r.workers)) : null,
      jobMs: {
        min: durations.length > 0 ? durations[0] : null,
        median: durations.length > 0 ? durations[Math.floor((durations.length - 1) / 2)] : null,
        max: durations.length > 0 ? durations[durations.length - 1] : null,
      },
    },
  }
}
