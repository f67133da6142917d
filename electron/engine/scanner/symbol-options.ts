// Options remembered per imported symbol: the time zone of its file's wall-clock times (a MetaTrader
// export is in the broker's server time). An import that names a zone stores it; the symbol's next
// import and every rescan use it unless told otherwise. Table symbol_option (store/migrations.ts).
import type { Db } from '../store/database.ts'
import { checkZone } from '../market/index.ts'

export class SymbolOptions {
  private readonly db: Db

  constructor(db: Db) {
    this.db = db
  }

  /** The zone stored for a symbol; null when none is (its times are UTC). */
  tz(symbol: string): string | null {
    const row = this.db.prepare('SELECT tz FROM symbol_option WHERE symbol = ?').get(symbol) as { tz: string | null } | undefined
    return row?.tz ?? null
  }

  /** Every stored zone by symbol (for the watchlist). */
  all(): Map<string, string> {
    const rows = this.db.prepare('SELECT symbol, tz FROM symbol_option WHERE tz IS NOT NULL').all() as Array<{ symbol: string; tz: string }>
    return new Map(rows.map((r) => [r.symbol, r.tz]))
  }

  /** Stores (or with null, forgets) a symbol's zone; a zone is checked first (TimeZoneError). */
  setTz(symbol: string, tz: string | null): void {
    const zone = tz === null ? null : checkZone(tz)
    this.db.prepare('INSERT OR REPLACE INTO symbol_option (symbol, tz) VALUES (?, ?)').run(symbol, zone)
  }
}
