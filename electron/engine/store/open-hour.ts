// The open hour of raw values, held in memory (and in the raw log) until the hour closes: per metric,
// one RawBlock per minute. Queries read it beside SQLite, so the current buckets are never missing.
import type { Bucket } from '../../../shared/contract.ts'
import { BLOCK_MS, RawBlock } from './raw-block.ts'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const hourOf = (t: number) => t - (((t % HOUR) + HOUR) % HOUR)
export const minuteOf = (t: number) => t - (((t % MINUTE) + MINUTE) % MINUTE)

/** Partial aggregates per key (a bucket index, or a metric id for totals), merged from SQLite rows and open blocks. */
export class KeyedAggs {
  private readonly aggs = new Map<number, { min: number; max: number; sum: number; count: number }>()

  add(b: number, min: number, max: number, sum: number, count: number): void {
    if (count <= 0) return
    const a = this.aggs.get(b)
    if (a === undefined) this.aggs.set(b, { min, max, sum, count })
    else {
      if (min < a.min) a.min = min
      if (max > a.max) a.max = max
      a.sum += sum
      a.count += count
    }
  }

  /** The aggregate of one key, if it has any values. */
  get(key: number): { min: number; max: number; sum: number; count: number } | undefined {
    return this.aggs.get(key)
  }

  /** [start, min, max, avg] buckets in time order. */
  buckets(origin: number, bucketMs: number): Bucket[] {
    return [...this.aggs.entries()].sort((x, y) => x[0] - y[0]).map(([b, a]): Bucket => [origin + b * bucketMs, a.min, a.max, a.sum / a.count])
  }
}

export class OpenHour {
  /** Start of the hour held, or null before the first sample. */
  hour: number | null = null
  private readonly byMetric = new Map<number, Map<number, RawBlock>>()

  put(id: number, t: number, v: number): void {
    let blocks = this.byMetric.get(id)
    if (blocks === undefined) this.byMetric.set(id, (blocks = new Map()))
    const minute = minuteOf(t)
    let block = blocks.get(minute)
    if (block === undefined) blocks.set(minute, (block = new RawBlock(id, minute)))
    block.put(t, v)
  }

  /** A metric's open blocks that may hold values in [from, to). */
  blocksOf(id: number, from: number, to: number): RawBlock[] {
    const out: RawBlock[] = []
    for (const b of this.byMetric.get(id)?.values() ?? []) if (b.t0 + BLOCK_MS > from && b.t0 < to) out.push(b)
    return out
  }

  *all(): Iterable<RawBlock> {
    for (const blocks of this.byMetric.values()) yield* blocks.values()
  }

  get size(): number {
    let n = 0
    for (const blocks of this.byMetric.values()) n += blocks.size
    return n
  }

  clear(): void {
    this.byMetric.clear()
  }
}
