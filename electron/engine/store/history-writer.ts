// Everything the metric store writes to SQLite, each write in one transaction: a closed hour's raw
// blocks (and late samples merged into stored blocks), their rollups, and retention.
//
// Rollups are computed from the stored raw values, so rewriting them is idempotent and they always
// equal raw. The closed hours' rollups wait in memory (pending-rollups.ts) and are written in one
// batch every ROLLUP_BATCH_HOURS: one row per metric an hour into as many B-tree leaves made the bytes
// written per hour grow with history. Hours before store_mark.rollup_until have their rows; later
// ones are rebuilt from raw_block at start.
import os from 'node:os'
import type { Db } from './database.ts'
import type { Tier } from '../../../shared/contract.ts'
import { BLOCK_MS, RawBlock, aggregateValues, float64View, type TsEncoding } from './raw-block.ts'
import { HOUR, hourOf } from './open-hour.ts'
import { PendingRollups, type Agg } from './pending-rollups.ts'
import type { MetricStatements } from './metric-sql.ts'
import { retentionMs, type Retention } from './tiers.ts'

/**
 * Closed hours whose rollups wait in memory before one batch writes them (at most half the raw
 * retention). Each batch touches a few pages per metric; longer batches write less but hold more in
 * memory (~2 KB per metric-hour) and rebuild more from raw at start.
 */
export const ROLLUP_BATCH_HOURS = 6
const batchHours = (r: Retention) => Math.min(ROLLUP_BATCH_HOURS, Math.max(1, Math.floor(r.rawHours / 2)))

export interface HistoryWriterSource {
  db: Db
  sql: MetricStatements
  /** The store's metric ids (the same map, kept current by the store). */
  ids: ReadonlyMap<string, number>
  /** store_mark.rollup_until as the database holds it. */
  rollupUntil: number
  retention: () => Retention
  now: () => number
  /** Time elapsed since boot, ms, going on through a suspend (default os.uptime(), as steady-clock.ts). */
  elapsed?: () => number
}

type Update = [id: number, t0: number, agg: Agg]

export class HistoryWriter {
  /** Closed hours' minute rollups not yet in the rollup tables (queries read them beside the tables). */
  readonly pending = new PendingRollups()
  private readonly src: HistoryWriterSource
  /** Hours before it have their rollup rows; from it on, they are pending. */
  private rollupUntil: number
  /** Set inside a write transaction that wrote the pending rollups: the new rollupUntil once it commits. */
  private batched: number | null = null
  private readonly writeTx: (blocks: RawBlock[], closes: number | null, rollUpAll: boolean) => Update[]
  private readonly elapsed: () => number
  /**
   * The newest time stored when this store opened, and the elapsed time then: retention's horizon
   * never passes it by more than the time lived through since. A start on a wall clock stepped
   * forward (no agreement to hold the step against: steady-clock.ts) would otherwise delete the raw
   * tier at once; after a real downtime the old data is only kept that much longer. Null: nothing
   * was stored, nothing to lose.
   */
  private readonly anchor: { newest: number; elapsed: number } | null

  constructor(src: HistoryWriterSource) {
    this.src = src
    this.elapsed = src.elapsed ?? (() => os.uptime() * 1000)
    let newest = 0
    for (const id of src.ids.values()) newest = Math.max(newest, (src.sql.newestStored.get({ id }) as { t: number }).t)
    this.anchor = newest > 0 ? { newest, elapsed: this.elapsed() } : null
    this.rollupUntil = src.rollupUntil
    this.writeTx = src.db.transaction((blocks: RawBlock[], closes: number | null, rollUpAll: boolean) => this.writeBlocks(blocks, closes, rollUpAll))
    this.loadPending()
  }

  /**
   * Merges `blocks` into raw_block in one transaction (with `closes`, the start of the hour now open:
   * retention runs and raw_until moves there); pending rollups change only once it committed. With
   * `rollUpAll` (shutdown) every rollup is written now.
   */
  write(blocks: RawBlock[], closes: number | null, rollUpAll: boolean): void {
    this.batched = null
    let updates: Update[]
    try {
      updates = this.writeTx(blocks, closes, rollUpAll)
    } catch (err) {
      this.batched = null
      throw err
    }
    this.commitBatch()
    for (const [id, t0, agg] of updates) this.pending.set(id, t0, agg)
  }

  /** Deletes what each tier keeps no longer. Returns the rows (raw: blocks) removed per tier. */
  applyRetention(now: number): Record<Tier, number> {
    this.batched = null
    const removed = this.src.db.transaction(() => this.expire(now))()
    this.commitBatch()
    return removed
  }

  /** After a committed transaction that wrote the pending rollups: they are in the tables now. */
  private commitBatch(): void {
    if (this.batched !== null) {
      this.pending.clear()
      this.rollupUntil = this.batched
      this.batched = null
    }
  }

  /**
   * Merges blocks into raw_block. A block of an hour before rollupUntil (or any, with `rollUpAll`) has
   * its minute's and hour's rollups recomputed from raw at once; a later one's minute rollup is
   * returned, to wait in memory for the next batch. When an hour closes the batch is written if due.
   */
  private writeBlocks(blocks: RawBlock[], closes: number | null, rollUpAll: boolean): Update[] {
    const { sql } = this.src
    // Retention first, in the same transaction: the raw pages it frees are refilled by this hour's
    // blocks and written once, instead of once when freed and again when reused an hour later.
    if (closes !== null) this.expire(Math.min(closes, this.src.now()))
    const hours = new Map<string, { id: number; hour: number }>()
    const updates: Update[] = []
    for (const block of blocks) {
      const row = sql.readBlock.get(block.id, block.t0) as { n: number; ts: Buffer; vs: Buffer; enc: TsEncoding } | undefined
      let merged = block
      if (row) {
        merged = RawBlock.decode(block.id, block.t0, row.n, row.ts, row.vs, row.enc)
        block.forEach((t, v) => merged.put(t, v))
      }
      const { ts, vs, enc } = merged.encode()
      sql.writeBlock.run(merged.id, merged.t0, merged.n, ts, vs, enc)
      const a = merged.aggregate()
      const hour = hourOf(merged.t0)
      if (!rollUpAll && hour >= this.rolledUntil()) {
        updates.push([merged.id, merged.t0, [a.min, a.max, a.sum, a.count]])
        continue
      }
      sql.writeMinute.run(merged.id, merged.t0, a.min, a.max, a.sum, a.count)
      hours.set(`${merged.id}:${hour}`, { id: merged.id, hour })
    }
    for (const h of hours.values()) sql.writeHour.run(h)
    if (closes !== null) sql.setMark.run(closes)
    // The batch: due once the pending hours span ROLLUP_BATCH_HOURS (or half the raw retention), or at shutdown.
    const oldest = updates.reduce((m, [, t0]) => Math.min(m, hourOf(t0)), this.rolledUntil())
    const due = closes !== null && closes - oldest >= batchHours(this.src.retention()) * HOUR
    if (rollUpAll || (due && (!this.pending.empty || updates.length > 0))) {
      for (const [id, t0, agg] of updates) this.pending.set(id, t0, agg)
      updates.length = 0
      // Every block written here has its rollups now: the mark moves past the newest.
      this.writePending(blocks.reduce((m, b) => Math.max(m, hourOf(b.t0) + HOUR), -Infinity))
    }
    return updates
  }

  /**
   * Writes every pending rollup, metric by metric, and moves rollup_until past them (and at least to
   * `until`); the caller's transaction commits them, then commitBatch clears them.
   */
  private writePending(until = -Infinity): void {
    const { sql } = this.src
    const { minutes, hours } = this.pending.rows()
    for (const { id, t, agg } of minutes) sql.writeMinute.run(id, t, ...agg)
    for (const { id, t, agg } of hours) sql.writeHourRow.run(id, t, ...agg)
    const mark = Math.max(this.rolledUntil(), until, (this.pending.newestHour() ?? -Infinity) + HOUR)
    sql.setRollupMark.run(mark)
    this.batched = mark
  }

  /** rollup_until as the current transaction left it (a batch inside it moved it). */
  private rolledUntil(): number {
    return this.batched ?? this.rollupUntil
  }

  /** Rebuilds the pending rollups from the raw blocks of hours at or after rollupUntil. */
  private loadPending(): void {
    for (const id of this.src.ids.values()) {
      const rows = this.src.sql.readBlocks.all(id, this.rollupUntil, Number.MAX_SAFE_INTEGER) as Array<[number, number, Buffer, Buffer, TsEncoding]>
      for (const [t0, n, , vsBlob] of rows) {
        const { min, max, sum } = aggregateValues(float64View(vsBlob, n), n)
        if (n > 0) this.pending.set(id, t0, [min, max, sum, n])
      }
    }
  }

  private expire(wallNow: number): Record<Tier, number> {
    const { sql } = this.src
    const now = this.anchor === null ? wallNow : Math.min(wallNow, this.anchor.newest + this.elapsed() - this.anchor.elapsed)
    const keep = retentionMs(this.src.retention())
    const removed = { raw: 0, '1m': 0, '1h': 0 }
    // Pending rollups are rebuilt from raw after a crash: write them before their raw blocks go.
    if (!this.pending.empty && this.rolledUntil() <= now - keep.raw) this.writePending()
    for (const id of this.src.ids.values()) {
      // A raw block goes once its whole minute is past the horizon.
      removed.raw += sql.expireRaw.run(id, now - keep.raw - BLOCK_MS).changes
      removed['1m'] += sql.expire_1m.run(id, now - keep['1m']).changes
      removed['1h'] += sql.expire_1h.run(id, now - keep['1h']).changes
    }
    return removed
  }
}
