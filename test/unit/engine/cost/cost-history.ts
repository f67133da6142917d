// Synthetic per-minute histories for the cost analysis tests.
import type { CostHistory } from '../../../../shared/cost.ts'

export const MINUTE = 60_000
export const T0 = Date.UTC(2026, 10, 1)

export interface Point {
  cpuPct: number
  cpuPeakPct?: number
  iowaitPct?: number
  memBytes: number
  memPeakBytes?: number
}

/** `minutes` points from T0, one a minute, skipping those `at` returns null for (a gap). */
export function synth(minutes: number, at: (i: number) => Point | null, days = 14): CostHistory {
  const h = { t: [] as number[], cpuPct: [] as number[], cpuPeakPct: [] as number[], iowaitPct: [] as number[], memBytes: [] as number[], memPeakBytes: [] as number[] }
  for (let i = 0; i < minutes; i++) {
    const p = at(i)
    if (p === null) continue
    h.t.push(T0 + i * MINUTE)
    h.cpuPct.push(p.cpuPct)
    h.cpuPeakPct.push(p.cpuPeakPct ?? p.cpuPct)
    h.iowaitPct.push(p.iowaitPct ?? 0)
    h.memBytes.push(p.memBytes)
    h.memPeakBytes.push(p.memPeakBytes ?? p.memBytes)
  }
  return { ...h, from: T0 + minutes * MINUTE - days * 86_400_000, to: T0 + minutes * MINUTE }
}

/** A ramp from lo to hi over `period` minutes, repeated: its mean is (lo + hi) / 2. */
export const ramp = (i: number, lo: number, hi: number, period: number) => lo + ((hi - lo) * (i % period)) / (period - 1)
