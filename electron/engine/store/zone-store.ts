// FVG zones in SQLite. A scan's zones are written once, in one transaction that replaces the
// previous scan of that symbol and timeframe: a re-scan is idempotent, a retried job never
// duplicates zones, and a failed job leaves nothing behind.
//
// With a `health` (the engine), a scan that cannot be written (disk full) is not lost: the latest
// result of each symbol and timeframe stays in memory, is served by the reads below as if stored,
// and is written by `retryPending` once there is room. Memory stays bounded by the watchlist (one
// result per symbol and timeframe, a newer scan replaces an unsaved one). Without one (the CLI), a
// failed write throws, as before.
//
// Also with a `health`, a big scan (more than `backgroundRows` zones: a 1M-candle series has
// ~270k, about a second of inserts) is written in the background, in transactions of CHUNK_ROWS
// rows, a few milliseconds per event-loop turn, so the engine's thread keeps answering. Meanwhile
// the reads serve it from memory. Its first transaction marks the stored scan of that symbol and
// timeframe as being replaced (a symbol_scan row with fvgs = −1, which the reads skip); the last
// one writes the real row. After a crash in between, the next writable store removes the marked
// scan's rows (the scan is then absent, never half there). `flush()` finishes at once (on close).
import type { Db } from './database.ts'
import type { WriteHealth } from './write-health.ts'
import type { FvgZone } from '../../../shared/fvg.ts'
import type { ScanJobResult } from '../pool/protocol.ts'
import { TURN_SLICE_MS } from '../time-slices.ts'

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
  /** With a health: scans with more zones than this are written in the background. */
  backgroundRows?: number
}

/** Scans above this many zones are written in the background (with a health). */
export const BACKGROUND_ROWS = 20_000
/**
 * Rows per transaction of a background write: about half a millisecond each (500 rows and 4 ms a
 * turn left the thread's CPU between timer turns at p99 ~12 ms while a 1M-candle scan was written;
 * 250 and 2 ms: ~8 ms, for about the same total time).
 */
const CHUNK_ROWS = 250
/** How long a background write may hold the event loop per turn (the engine's one slice). */
const SLICE_MS = TURN_SLICE_MS
/**
 * The connection's WAL auto-checkpoint (pages) while a background write runs. SQLite checkpoints in
 * the commit that crosses it, on this thread: at the default 1000 pages (8 MB at 8 KB pages) one
 * 250-row transaction in ~20 took 6–15 ms of CPU; at 128 pages each checkpoint is an eighth of that
 * (thread CPU between timer turns p99 ~9 -> ~5 ms while 3 × 270k zones were written; total CPU
 * ~10 % more). The checkpoint's copy and fsync also stall the thread in wall time: bench/fvg-loop.ts
 * at load ~3, event-loop delay p99 39.5 -> 10.1 ms, the writes ~10 % longer in all. Restored when
 * the background writes are done.
 */
export const BACKGROUND_CHECKPOINT_PAGES = 128
/** symbol_scan.fvgs of a scan being replaced by a background write. */
const BEING_WRITTEN = -1

/** A background write under way: the old rows are cleared, then the new ones inserted from `next`. */
interface Writer {
  key: string
  scan: PendingScan
  phase: 'clear' | 'insert'
  next: number
}

export class ZoneStore {
  private readonly db: Db
  private readonly health: WriteHealth | undefined
  private readonly write: (p: PendingScan) => void
  /** Scans not yet written (disk full), by `symbol|timeframe`, oldest first. */
  private readonly pending = new Map<string, PendingScan>()
  /** Big scans queued for a background write (the first one being written), oldest first. */
  private readonly background = new Map<string, PendingScan>()
  private writer: Writer | null = null
  /** The auto-checkpoint to restore after the background writes (null: not lowered). */
  private checkpointPages: number | null = null
  private turn: NodeJS.Immediate | null = null
  private readonly backgroundRows: number
  private readonly clearChunk: (w: Writer) => number
  private readonly insertChunk: (w: Writer, end: number) => void

  constructor(db: Db, options: ZoneStoreOptions = {}) {
    this.db = db
    this.health = options.health
    this.backgroundRows = options.backgroundRows ?? BACKGROUND_ROWS
    const clear = db.prepare('DELETE FROM fvg_zone WHERE symbol = ? AND timeframe = ?')
    const insertRows = zoneInserter(db)
    const upsertScan = db.prepare(
      `INSERT OR REPLACE INTO symbol_scan (symbol, timeframe, source, candles, first_time, last_time, last_close, interval_ms, fvgs, open_fvgs, scanned_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.write = db.transaction(({ symbol, timeframe, source, result: r, scannedAt }: PendingScan) => {
      const z = r.zones!
      clear.run(symbol, timeframe)
      insertRows(symbol, timeframe, z, 0, z.index.length)
      let open = 0
      for (let k = 0; k < z.index.length; k++) if (z.mitigatedIndex[k] < 0) open++
      upsertScan.run(symbol, timeframe, source, r.candles, finiteOrNull(r.firstTime), finiteOrNull(r.lastTime),
        finiteOrNull(r.lastClose), finiteOrNull(r.intervalMs), z.index.length, open, scannedAt)
    })
    // The old rows go by ranges of the primary key: about CHUNK_ROWS rows below the index found there.
    const cutAt = db.prepare(`SELECT idx FROM fvg_zone WHERE symbol = ? AND timeframe = ? ORDER BY idx LIMIT 1 OFFSET ${CHUNK_ROWS}`).pluck()
    const clearBelow = db.prepare('DELETE FROM fvg_zone WHERE symbol = ? AND timeframe = ? AND idx < ?')
    this.clearChunk = db.transaction((w: Writer) => {
      const { symbol, timeframe, source, result: r, scannedAt } = w.scan
      if (w.next === 0) upsertScan.run(symbol, timeframe, source, r.candles, null, null, null, null, BEING_WRITTEN, 0, scannedAt)
      w.next = 1
      const cut = cutAt.get(symbol, timeframe) as number | undefined
      const cleared = cut === undefined ? 0 : clearBelow.run(symbol, timeframe, cut).changes
      if (cleared === 0) clear.run(symbol, timeframe) // the last few (or no) rows: done
      return cleared
    })
    this.insertChunk = db.transaction((w: Writer, end: number) => {
      const { symbol, timeframe, source, result: r, scannedAt } = w.scan
      const z = r.zones!
      insertRows(symbol, timeframe, z, w.next, end)
      if (end === z.index.length) {
        let open = 0
        for (let k = 0; k < end; k++) if (z.mitigatedIndex[k] < 0) open++
        upsertScan.run(symbol, timeframe, source, r.candles, finiteOrNull(r.firstTime), finiteOrNull(r.lastTime),
          finiteOrNull(r.lastClose), finiteOrNull(r.intervalMs), end, open, scannedAt)
      }
    })
    if (!db.readonly) this.removeHalfWritten()
  }

  /** After a crash during a background write: the marked scans' rows go (they are then absent). */
  private removeHalfWritten(): void {
    const marked = this.db.prepare(`SELECT symbol, timeframe FROM symbol_scan WHERE fvgs = ${BEING_WRITTEN}`).all() as Array<{ symbol: string; timeframe: string }>
    const remove = this.db.transaction(({ symbol, timeframe }: { symbol: string; timeframe: string }) => {
      this.db.prepare('DELETE FROM fvg_zone WHERE symbol = ? AND timeframe = ?').run(symbol, timeframe)
      this.db.prepare('DELETE FROM symbol_scan WHERE symbol = ? AND timeframe = ?').run(symbol, timeframe)
    })
    for (const m of marked) remove(m)
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
    this.dropBackground(key) // or one being written: whatever writes next clears its rows
    if (!this.health) {
      this.write(scan)
      return true
    }
    // Older unsaved scans go first: while they wait, this one waits behind them (retryPending).
    if (this.pending.size === 0 && result.zones.index.length > this.backgroundRows) {
      this.background.set(key, scan)
      this.schedule()
      return true
    }
    if (this.pending.size === 0 && this.tryWrite(scan)) return true
    this.pending.set(key, scan)
    return false
  }

  /** Scans kept in memory because their write failed. */
  get unsaved(): number {
    return this.pending.size
  }

  /** Big scans still being written in the background. */
  get writing(): number {
    return this.background.size
  }

  /** Finishes the background writes now (before the database closes). */
  flush(): void {
    if (this.turn) clearImmediate(this.turn)
    this.turn = null
    while (this.background.size > 0) this.step()
    this.checkpointSmall(false)
  }

  /** Smaller WAL checkpoints while background writes run (BACKGROUND_CHECKPOINT_PAGES), or the usual again. */
  private checkpointSmall(on: boolean): void {
    if (on === (this.checkpointPages !== null) || !this.db.open) return
    try {
      if (on) {
        const pages = this.db.pragma('wal_autocheckpoint', { simple: true }) as number
        if (pages <= BACKGROUND_CHECKPOINT_PAGES) return // already as small, or off (0: checkpoints made elsewhere)
        this.checkpointPages = pages
        this.db.pragma(`wal_autocheckpoint = ${BACKGROUND_CHECKPOINT_PAGES}`)
      } else {
        this.db.pragma(`wal_autocheckpoint = ${this.checkpointPages}`)
        this.checkpointPages = null
      }
    } catch {
      // a tuning only: the writes go on with whatever checkpoint the connection has
    }
  }

  private dropBackground(key: string): void {
    this.background.delete(key)
    if (this.writer?.key === key) this.writer = null
  }

  private schedule(): void {
    this.checkpointSmall(this.background.size > 0)
    if (this.turn || this.background.size === 0) return
    this.turn = setImmediate(() => {
      this.turn = null
      const t0 = performance.now()
      while (this.background.size > 0 && performance.now() - t0 < SLICE_MS) this.step()
      this.schedule()
    })
  }

  /** One transaction of the first background write; a failure keeps its scan in memory (unsaved). */
  private step(): void {
    if (!this.writer) {
      const [key, scan] = this.background.entries().next().value!
      this.writer = { key, scan, phase: 'clear', next: 0 }
    }
    const w = this.writer
    try {
      if (w.phase === 'clear') {
        if (this.clearChunk(w) === 0) {
          w.phase = 'insert'
          w.next = 0
        }
        return
      }
      const end = Math.min(w.next + CHUNK_ROWS, w.scan.result.zones!.index.length)
      this.insertChunk(w, end)
      w.next = end
      if (end < w.scan.result.zones!.index.length) return
      this.dropBackground(w.key)
      this.health?.succeeded()
    } catch (err) {
      this.dropBackground(w.key)
      this.pending.set(w.key, w.scan)
      this.health?.failed(`the zones of ${w.scan.symbol} ${w.scan.timeframe}`, err, 'they are kept in memory and saved when there is room.')
    }
  }

  /** A scan held in memory (unsaved, or being written), served by the reads as if stored. */
  private inMemory(key: string): PendingScan | undefined {
    return this.pending.get(key) ?? this.background.get(key)
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
    const unsaved = this.inMemory(`${symbol}|${timeframe}`)
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
    const stored = this.storedScans().filter((s) => !this.inMemory(`${s.symbol}|${s.timeframe}`))
    const unsaved = [...this.pending.values(), ...this.background.values()].map(({ symbol, timeframe, source, result: r, scannedAt }): SymbolScan => ({
      symbol, timeframe, source, candles: r.candles, firstTime: finiteOrNull(r.firstTime), lastTime: finiteOrNull(r.lastTime),
      lastClose: finiteOrNull(r.lastClose), intervalMs: finiteOrNull(r.intervalMs), fvgs: r.zones!.index.length,
      openFvgs: r.zones!.mitigatedIndex.filter((m) => m < 0).length, scannedAt,
    }))
    const key = (s: SymbolScan) => `${s.symbol}\u0000${s.timeframe}`
    return [...stored, ...unsaved].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  }

  private storedScans(): SymbolScan[] {
    return (this.db.prepare(`SELECT * FROM symbol_scan WHERE fvgs != ${BEING_WRITTEN} ORDER BY symbol, timeframe`).all() as Array<Record<string, number & string>>).map((r) => ({
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
    const unsaved = this.inMemory(`${symbol}|${timeframe}`)
    if (unsaved) return unsaved.result.zones!.index.length
    return (this.db.prepare('SELECT count(*) AS n FROM fvg_zone WHERE symbol = ? AND timeframe = ?').get(symbol, timeframe) as { n: number }).n
  }
}

/** Rows per INSERT statement: binding 50 rows in one call costs ~1/3 less CPU than 50 calls. */
const ROWS_PER_INSERT = 50
const COLUMNS = 9

/** Inserts zones from … to − 1 of a scan, ROWS_PER_INSERT rows a statement (the rest one by one). */
function zoneInserter(db: Db): (symbol: string, timeframe: string, z: NonNullable<ScanJobResult['zones']>, from: number, to: number) => void {
  const sql = (rows: number) =>
    `INSERT INTO fvg_zone (symbol, timeframe, idx, direction, top, bottom, time, mitigated_index, mitigated_time) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`
  const one = db.prepare(sql(1))
  const many = db.prepare(sql(ROWS_PER_INSERT))
  const args: unknown[] = new Array(COLUMNS * ROWS_PER_INSERT)
  const put = (z: NonNullable<ScanJobResult['zones']>, k: number, o: number) => {
    const mitigated = z.mitigatedIndex[k] >= 0
    args[o + 2] = z.index[k]
    args[o + 3] = z.direction[k]
    args[o + 4] = z.top[k]
    args[o + 5] = z.bottom[k]
    args[o + 6] = z.time[k]
    args[o + 7] = mitigated ? z.mitigatedIndex[k] : null
    args[o + 8] = mitigated ? z.mitigatedTime[k] : null
  }
  return (symbol, timeframe, z, from, to) => {
    for (let r = 0; r < ROWS_PER_INSERT; r++) {
      args[r * COLUMNS] = symbol
      args[r * COLUMNS + 1] = timeframe
    }
    let k = from
    for (; k + ROWS_PER_INSERT <= to; k += ROWS_PER_INSERT) {
      for (let r = 0; r < ROWS_PER_INSERT; r++) put(z, k + r, r * COLUMNS)
      many.run(args)
    }
    for (; k < to; k++) {
      put(z, k, 0)
      one.run(args.slice(0, COLUMNS))
    }
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
