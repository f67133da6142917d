// Keeps the pool's recent history (shared/pool-history.ts), one point per status snapshot the
// scanner emits, for POOL_HISTORY_MS: what the Scanner charts draw when a page opens after a scan.
import { POOL_HISTORY_MS, historyPoint, type PoolHistoryPoint } from '../../../shared/pool-history.ts'
import type { PoolStatus } from '../../../shared/scanner.ts'

export class PoolHistory {
  private readonly list: PoolHistoryPoint[] = []
  private prev: PoolStatus | null = null

  record(status: PoolStatus): void {
    const last = this.list.at(-1)
    if (last && status.t <= last.t) return
    this.list.push(historyPoint(this.prev, status))
    this.prev = status
    const cut = status.t - POOL_HISTORY_MS
    let k = 0
    while (k < this.list.length && this.list[k].t < cut) k++
    if (k) this.list.splice(0, k)
  }

  points(): PoolHistoryPoint[] {
    return [...this.list]
  }
}
