// FVG zones in SQLite. A scan's zones are written once, in one transaction that replaces the
// previous scan of that symbol and timeframe: a re-scan is idempotent, a retried job never
// duplicates zones, and a failed job leaves nothing behind.
//
// With a `health` (the engine), a scan that cannot be written (disk full) is not lost: the latest
// result of each symbol and timeframe stays in memory, is served by the reads below as if stored,
// and is written by `retryPending` once there is room. Memory stays bounded by the watchlist (one
// result per symbol and timeframe, a newer scan replaces an unsaved one). Without one (the CLI), a
// failed write throws, as before.
import type { Db } from './database.ts'
import type { WriteHealth } from './write-health.ts'
import type { FvgZone } from '../../../shared/fvg.ts'
import type { ScanJobResult } from '../pool/protocol.ts'

export interface SymbolScan {
  symbol: string
  timeframe: string
  source: string
  candles: number
  firstTime: number | null
  lastTime: number | null
  lastClose: number | null
  intervalMs: number | null
  fvgs: number
  openFvgs: number
  scannedAt: number
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null)

interface PendingScan {
  symbol: string
  timeframe: string
  source: string
  result: ScanJobResult
  scannedAt: number
}

export interface ZoneStoreOptions {
  /** Keep unsaved scans in memory and report failures here instead of throwing. */
  health?: WriteHealth
}

export class ZoneStore {
  private readonly db: Db
  private readonly health: WriteHealth | undefined
  private readonly write: (p: PendingScan) => void
  /** Scans not yet written (disk full), by `symbol|timeframe`, oldest first. */
  private readonly pending = new Map<string, PendingScan>()

  constructor(db: Db, options: ZoneStoreOptions = {}) {
    this.db = db
    this.health = options.health
    const clear = db.prepare('DELETE FROM fvg_zone WHERE symbol = ? AND timeframe = ?')
    const insert = db.prepare(
      'INSERT INTO fvg_zone (symbol, timeframe, idx, direction, top, bottom, time, mitigated_index, mitigated_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const upsertScan = db.prepare(
      `INSERT OR REPLACE INTO symbol_scan (symbol, timeframe, source, candles, first_time, last_time, last_close, interval_ms, fvgs, open_fvgs, scanned_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.write = db.transaction(({ symbol, timeframe, source, result: r, scannedAt }: PendingScan) => {
      const z = r.zones!
      clear.run(symbol, timeframe)
      let open = 0
      for (let k = 0; k < z.index.length; k++) {
        const mitigated = z.mitigatedIndex[k] >= 0
        if (!mitigated) open++
        insert.run(symbol, timeframe, z.index[k], z.direction[k], z.top[k], z.bottom[k], z.time[k],
          mitigated ? z.mitigatedIndex[k] : null, mitigated ? z.mitigatedTime[k] : null)
      }
      upsertScan.run(symbol, timeframe, source, r.candles, finiteOrNull(r.firstTime), finiteOrNull(r.lastTime),
        finiteOrNull(r.lastClose), finiteOrNull(r.intervalMs), z.index.length, open, scannedAt)
    })
  }

  /**
   * Stores a scan, replacing the previous one of that symbol and timeframe. Returns false when the
   * write failed and the scan was kept in memory (only with a `health`; without one it throws).
   */
  saveScan(symbol: string, timeframe: string, source: string, result: ScanJobResult): boolean {
    if (!result.zones) throw new Error(`The scan of ${symbol} returned no zones to store.`)
    const scan: PendingScan = { symbol, timeframe, source, result, scannedAt: Date.now() }
    const key = `${symbol}|${timeframe}`
    this.pending.delete(key) // a newer scan supersedes an unsaved one, and goes to the back
    if (!this.health) {
      this.write(scan)
      return true
    }
    // Older unsaved scans go first: while they wait, this one waits behind them (retryPending).
    if (this.pending.size === 0 && this.tryWrite(scan)) return true
    this.pending.set(key, scan)
    return false
  }

  /** Scans kept in memory because their write failed. */
  get unsaved(): number {
    return this.pending.size
  }

  /** Writes the scans kept in memory, oldest first, until one fails. */
  retryPending(): void {
    for (const [key, scan] of this.pending) {
      if (!this.tryWrite(scan)) return
      this.pending.delete(key)
    }
  }

  private tryWrite(scan: PendingScan): boolean {
    try {
      this.write(scan)
      this.health?.succeeded()
      return true
    } catch (err) {
      this.health?.failed(`the zones of ${scan.symbol} ${scan.timeframe}`, err, 'they are kept in memory and saved when there is room.')
      return false
    }
  }

  /** Zones by index; `visibleFrom` keeps those alive at or after a candle (what a chart window shows). */
  zones(symbol: string, timeframe: string, opts: { openOnly?: boolean; visibleFrom?: number; limit?: number } = {}): FvgZone[] {
    const from = opts.visibleFrom ?? 0
    const unsaved = this.pending.get(`${symbol}|${timeframe}`)
    if (unsaved) return zonesInMemory(unsaved.result, from, opts.openOnly ?? false, opts.limit ?? -1)
    const rows = this.db
      .prepare(
        `SELECT idx, time, direction, top, bottom, mitigated_index, mitigated_time FROM fvg_zone
         WHERE symbol = @symbol AND timeframe = @timeframe ${opts.openOnly ? 'AND mitigated_index IS NULL' : ''}
           AND (idx >= @from OR mitigated_index IS NULL OR mitigated_index >= @from)
         ORDER BY idx LIMIT @limit`,
      )
      .raw(true)
      .all({ symbol, timeframe, from, limit: opts.limit ?? -1 }) as Array<[number, number, 1 | -1, number, number, number | null, number | null]>
    return rows.map(([index, time, direction, top, bottom, mitigatedIndex, mitigatedTime]) => ({
      index, time, direction, top, bottom, mitigatedIndex, mitigatedTime,
    }))
  }

  scans(): SymbolScan[] {
    const stored = this.storedScans().filter((s) => !this.pending.has(`${s.symbol}|${s.timeframe}`))
    const unsaved = [...this.pending.values()].map(({ symbol, timeframe, source, result: r, scannedAt }): SymbolScan => ({
      symbol, timeframe, source, candles: r.candles, firstTime: finiteOrNull(r.firstTime), lastTime: finiteOrNull(r.lastTime),
      lastClose: finiteOrNull(r.lastClose), intervalMs: finiteOrNull(r.intervalMs), fvgs: r.zones!.index.length,
      openFvgs: r.zones!.mitigatedIndex.filter((m) => m < 0).length, scannedAt,
    }))
    const key = (s: SymbolScan) => `${s.symbol}\u0000${s.timeframe}`
    return [...stored, ...unsaved].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  }

  private storedScans(): SymbolScan[] {
    return (this.db.prepare('SELECT * FROM symbol_scan ORDER BY symbol, timeframe').all() as Array<Record<string, number & string>>).map((r) => ({
      symbol: r.symbol,
      timeframe: r.timeframe,
      source: r.source,
      candles: r.candles,
      firstTime: r.first_time,
      lastTime: r.last_time,
      lastClose: r.last_close,
      intervalMs: r.interval_ms,
      fvgs: r.fvgs,
      openFvgs: r.open_fvgs,
      scannedAt: r.scanned_at,
    }))
  }

  zoneCount(symbol: string, timeframe: string): number {
    const unsaved = this.pending.get(`${symbol}|${timeframe}`)
    if (unsaved) return unsaved.result.zones!.index.length
    return (this.db.prepare('SELECT count(*) AS n FROM fvg_zone WHERE symbol = ? AND timeframe = ?').get(symbol, timeframe) as { n: number }).n
  }
}

/** The reads above, for a scan kept in memory: same filter and order as the SQL. */
function zonesInMemory(r: ScanJobResult, from: number, openOnly: boolean, limit: number): FvgZone[] {
  const z = r.zones!
  const out: FvgZone[] = []
  for (let k = 0; k < z.index.length; k++) {
    const mitigated = z.mitigatedIndex[k] >= 0
    if (openOnly && mitigated) continue
    if (!(z.index[k] >= from || !mitigated || z.mitigatedIndex[k] >= from)) continue
    out.push({
      index: z.index[k], time: z.time[k], direction: z.direction[k] as 1 | -1, top: z.top[k], bottom: z.bottom[k],
      mitigatedIndex: mitigated ? z.mitigatedIndex[k] : null, mitigatedTime: mitigated ? z.mitigatedTime[k] : null,
    })
  }
  out.sort((a, b) => a.index - b.index || a.direction - b.direction)
  return limit >= 0 ? out.slice(0, limit) : out
}
