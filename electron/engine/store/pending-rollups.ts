// Rollups of closed hours not yet written to rollup_1m/rollup_1h: the store writes them in one batch
// every few hours (metric by metric, so each metric's rows land on its own few pages), instead of inserting one
// row per metric every minute or hour into as many B-tree leaves spread over the tables, which cost
// more pages as history grew (issue 15). Their raw blocks are in SQLite already, so nothing is lost in
// a crash: the store rebuilds this from raw_block at start. Queries read it beside the tables.
import { HOUR, MINUTE, hourOf } from './open-hour.ts'

/** min, max, sum, count: one rollup. */
export type Agg = readonly [min: number, max: number, sum: number, count: number]

const SLOTS = HOUR / MINUTE

/** A rollup row to write: a metric's minute or hour. */
export interface RollupRow {
  id: number
  t: number
  agg: Agg
}

export class PendingRollups {
  /** metric id → hour start → 60 minutes × [min, max, sum, count] (count 0: no values that minute). */
  private readonly byMetric = new Map<number, Map<number, Float64Array>>()

  /** Sets (replaces) a minute's rollup, computed from its whole raw block. */
  set(id: number, minute: number, [min, max, sum, count]: Agg): void {
    let hours = this.byMetric.get(id)
    if (hours === undefined) this.byMetric.set(id, (hours = new Map()))
    const hour = hourOf(minute)
    let slots = hours.get(hour)
    if (slots === undefined) hours.set(hour, (slots = new Float64Array(SLOTS * 4)))
    slots.set([min, max, sum, count], ((minute - hour) / MINUTE) * 4)
  }

  get empty(): boolean {
    return this.byMetric.size === 0
  }

  /** The start of the newest hour held, or null. */
  newestHour(): number | null {
    let newest: number | null = null
    for (const hours of this.byMetric.values()) for (const h of hours.keys()) if (newest === null || h > newest) newest = h
    return newest
  }

  /** A metric's minute rollups (`unitMs` a minute) or hour rollups (an hour) whose unit starts in [from, to). */
  forEach(id: number, unitMs: number, from: number, to: number, fn: (t: number, agg: Agg) => void): void {
    for (const [hour, slots] of this.byMetric.get(id) ?? []) {
      if (hour + HOUR <= from || hour >= to) continue
      if (unitMs === HOUR) {
        if (hour >= from) {
          const a = hourAgg(slots)
          if (a[3] > 0) fn(hour, a)
        }
        continue
      }
      for (let k = 0; k < SLOTS; k++) {
        const t = hour + k * MINUTE
        if (t >= from && t < to && slots[k * 4 + 3] > 0) fn(t, [slots[k * 4], slots[k * 4 + 1], slots[k * 4 + 2], slots[k * 4 + 3]])
      }
    }
  }

  /** Every row to write, metric by metric and in time order: the minutes, then the hours. */
  rows(): { minutes: RollupRow[]; hours: RollupRow[] } {
    const minutes: RollupRow[] = []
    const hours: RollupRow[] = []
    for (const id of [...this.byMetric.keys()].sort((a, b) => a - b)) {
      const byHour = [...this.byMetric.get(id)!].sort((a, b) => a[0] - b[0])
      for (const [hour, slots] of byHour) {
        for (let k = 0; k < SLOTS; k++) {
          if (slots[k * 4 + 3] > 0) minutes.push({ id, t: hour + k * MINUTE, agg: [slots[k * 4], slots[k * 4 + 1], slots[k * 4 + 2], slots[k * 4 + 3]] })
        }
      }
      for (const [hour, slots] of byHour) hours.push({ id, t: hour, agg: hourAgg(slots) })
    }
    return { minutes, hours }
  }

  clear(): void {
    this.byMetric.clear()
  }
}

function hourAgg(slots: Float64Array): Agg {
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let count = 0
  for (let k = 0; k < SLOTS; k++) {
    const c = slots[k * 4 + 3]
    if (c === 0) continue
    if (slots[k * 4] < min) min = slots[k * 4]
    if (slots[k * 4 + 1] > max) max = slots[k * 4 + 1]
    sum += slots[k * 4 + 2]
    count += c
  }
  return [min, max, sum, count]
}
