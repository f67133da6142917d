// Options remembered per imported symbol: the time zone of its file's wall-clock times (a MetaTrader
// export is in the broker's server time). An import that names a zone stores it; the symbol's next
// import and every rescan use it unless told otherwise. Table symbol_option (store/migrations.ts).
// The table is a file on disk like any other: a stored value that is not a zone checkZone accepts
// reads as none (UTC), so it never reaches a worker or the watchlist every client validates.
import type { Db } from '../store/database.ts'
import { checkZone } from '../market/index.ts'

/** Stored values whose check is remembered (checkZone builds an Intl formatter); cleared when full. */
const CHECKED_MAX = 1024

export class SymbolOptions {
  private readonly db: Db
  private readonly checked = new Map<string, string | null>()

  constructor(db: Db) {
    this.db = db
  }

  /** The zone stored for a symbol; null when none is (its times are UTC) or what is stored is not one. */
  tz(symbol: string): string | null {
    const row = this.db.prepare('SELECT tz FROM symbol_option WHERE symbol = ?').get(symbol) as { tz: unknown } | undefined
    return this.zoneOf(row?.tz)
  }

  /** Every stored zone by symbol (for the watchlist). */
  all(): Map<string, string> {
    const rows = this.db.prepare('SELECT symbol, tz FROM symbol_option WHERE tz IS NOT NULL').all() as Array<{ symbol: unknown; tz: unknown }>
    const out = new Map<string, string>()
    for (const r of rows) {
      const zone = this.zoneOf(r.tz)
      if (typeof r.symbol === 'string' && zone !== null) out.set(r.symbol, zone)
    }
    return out
  }

  /** Stores (or with null, forgets) a symbol's zone; a zone is checked first (TimeZoneError). */
  setTz(symbol: string, tz: string | null): void {
    const zone = tz === null ? null : checkZone(tz)
    this.db.prepare('INSERT OR REPLACE INTO symbol_option (symbol, tz) VALUES (?, ?)').run(symbol, zone)
  }

  /** A stored value as a zone in checkZone's spelling; null when it is not one. */
  private zoneOf(stored: unknown): string | null {
    if (typeof stored !== 'string' || stored.length > 64) return null
    let zone = this.checked.get(stored)
    if (zone === undefined) {
      try {
        zone = checkZone(stored)
      } catch {
        zone = null
      }
      if (this.checked.size >= CHECKED_MAX) this.checked.clear()
      this.checked.set(stored, zone)
    }
    return zone
  }
}
