// The watchlist: the demo symbols plus the CSV files imported into <data dir>/imports, each with
// its stored scans and, for an import, the time zone remembered for it (symbol-options.ts).
import { fs } from '../builtins.ts'
import path from 'node:path'
import type { SymbolScanInfo, WatchlistItem } from '../../../shared/scanner.ts'
import { defaultWatchlist, formatTimeframe, type DataSource, type WatchlistEntry } from '../market/index.ts'
import type { ZoneStore } from '../store/zone-store.ts'
import type { SymbolOptions } from './symbol-options.ts'

export class Watchlist {
  private readonly importDir: string
  private readonly zones: ZoneStore
  private readonly symbolOptions: SymbolOptions

  constructor(o: { importDir: string; zones: ZoneStore; symbolOptions: SymbolOptions }) {
    this.importDir = o.importDir
    this.zones = o.zones
    this.symbolOptions = o.symbolOptions
  }

  /**
   * The demo symbols, then the imports. An import named like a demo symbol (EURUSD.csv) takes the
   * demo's place: one entry, the user's file. Listing both showed the symbol twice, and a scan of
   * "EURUSD" read the bundled file. The import's scans replace the demo's in the watchlist (scansOf).
   */
  entries(filter: readonly string[] = []): WatchlistEntry[] {
    const imports = new Map(this.imported().map((e) => [e.symbol, e]))
    const all = defaultWatchlist().map((demo) => {
      const own = imports.get(demo.symbol)
      imports.delete(demo.symbol)
      return own ?? demo
    })
    all.push(...imports.values())
    return filter.length ? all.filter((e) => filter.includes(e.symbol)) : all
  }

  /** An entry's stored scans: for an import, only those of its own file (not a demo's of the same name). */
  private scansOf(e: WatchlistEntry, scans: readonly SymbolScanInfo[]): SymbolScanInfo[] {
    const own = this.isImport(e.source) ? JSON.stringify(e.source) : null
    return scans.filter((s) => s.symbol === e.symbol && (own === null || s.source === own))
  }

  /** Imported CSV files, kept in <data dir>/imports as <SYMBOL>.csv. */
  private imported(): WatchlistEntry[] {
    if (!fs.existsSync(this.importDir)) return []
    const scans = this.zones.scans()
    return fs
      .readdirSync(this.importDir)
      .filter((f) => f.toLowerCase().endsWith('.csv'))
      .map((f) => {
        const symbol = f.slice(0, -4)
        const source = { kind: 'file' as const, path: path.join(this.importDir, f) }
        const meta = scans.find((s) => s.symbol === symbol && s.source === JSON.stringify(source))
        const ms = meta?.intervalMs ?? 0
        return {
          symbol,
          name: `Imported from ${f}`,
          assetClass: 'fx' as const,
          timeframe: ms > 0 ? formatTimeframe(ms) : 'raw',
          timeframeMs: ms,
          source,
        }
      })
  }

  /** The entries as the contract lists them, with their stored scans and zones. */
  items(filter: readonly string[] = []): WatchlistItem[] {
    const scans = this.zones.scans()
    const zones = this.storedZones()
    return this.entries(filter).map((e) => ({
      symbol: e.symbol,
      name: e.name,
      assetClass: e.assetClass,
      timeframe: e.timeframe,
      source: e.source.kind,
      file: e.source.kind === 'file' ? e.source.path : null,
      scans: this.scansOf(e, scans),
      tz: this.isImport(e.source) ? (zones.get(e.symbol) ?? null) : null,
    }))
  }

  /** The source is a file in the imports folder. */
  isImport(source: DataSource): boolean {
    return source.kind === 'file' && path.dirname(source.path) === this.importDir
  }

  /** Every remembered zone; none when the table cannot be read (a read-only, older database). */
  storedZones(): Map<string, string> {
    try {
      return this.symbolOptions.all()
    } catch {
      return new Map()
    }
  }

  /** The zone an entry's file is read in: an import's remembered one, else none (UTC). */
  tzOf(e: WatchlistEntry): string | null {
    return this.isImport(e.source) ? (this.storedZones().get(e.symbol) ?? null) : null
  }
}
