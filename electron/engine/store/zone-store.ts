// FVG zones in SQLite. A scan's zones are written once, in one transaction that replaces the
// previous scan of that symbol and timeframe: a re-scan is idempotent, a retried job never
// duplicates zones, and a failed job leaves nothing behind.
import type { Db } from './database.ts'
import type { FvgZone } from '../../../shared/fvg.ts'
import type { ScanJobResult } from '../../worker/protocol.ts'

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

export class ZoneStore {
  private readonly db: Db
  readonly saveScan: (symbol: string, timeframe: string, source: string, result: ScanJobResult) => void

  constructor(db: Db) {
    this.db = db
    const clear = db.prepare('DELETE FROM fvg_zone WHERE symbol = ? AND timeframe = ?')
    const insert = db.prepare(
      'INSERT INTO fvg_zone (symbol, timeframe, idx, direction, top, bottom, time, mitigated_index, mitigated_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const upsertScan = db.prepare(
      `INSERT OR REPLACE INTO symbol_scan (symbol, timeframe, source, candles, first_time, last_time, last_close, interval_ms, fvgs, open_fvgs, scanned_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.saveScan = db.transaction((symbol: string, timeframe: string, source: string, r: ScanJobResult) => {
      const z = r.zones
      if (!z) throw new Error(`The scan of ${symbol} returned no zones to store.`)
      clear.run(symbol, timeframe)
      let open = 0
      for (let k = 0; k < z.index.length; k++) {
        const mitigated = z.mitigatedIndex[k] >= 0
        if (!mitigated) open++
        insert.run(symbol, timeframe, z.index[k], z.direction[k], z.top[k], z.bottom[k], z.time[k],
          mitigated ? z.mitigatedIndex[k] : null, mitigated ? z.mitigatedTime[k] : null)
      }
      upsertScan.run(symbol, timeframe, source, r.candles, finiteOrNull(r.firstTime), finiteOrNull(r.lastTime),
        finiteOrNull(r.lastClose), finiteOrNull(r.intervalMs), z.index.length, open, Date.now())
    })
  }

  /** Zones by index; `visibleFrom` keeps those alive at or after a candle (what a chart window shows). */
  zones(symbol: string, timeframe: string, opts: { openOnly?: boolean; visibleFrom?: number; limit?: number } = {}): FvgZone[] {
    const from = opts.visibleFrom ?? 0
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
    return (this.db.prepare('SELECT count(*) AS n FROM fvg_zone WHERE symbol = ? AND timeframe = ?').get(symbol, timeframe) as { n: number }).n
  }
}
