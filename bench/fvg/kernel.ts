// Kernel benchmark: candles per second of detectFvgs (detection + mitigation) on a seeded
// 1M-candle random walk, median of several runs after a warm-up, with joinConsecutive off and on.
// Run: node bench/fvg/kernel.ts
import { allocCandles, sliceCandles } from '../../shared/candles.ts'
import type { Candles } from '../../shared/candles.ts'
import { detectFvgs } from '../../electron/engine/fvg/validate.ts'
import type { FvgOptionsInput } from '../../electron/engine/fvg/options.ts'

export interface KernelFigures {
  candles: number
  runs: number
  /** Median candles per second. */
  candlesPerSec: number
  medianMs: number
  minMs: number
  maxMs: number
  fvgCount: number
  mitigatedCount: number
}

export interface KernelBench extends KernelFigures {
  /** The same with joinConsecutive on. */
  joined: KernelFigures
}

/** A seeded random walk: open = previous close, Gaussian-ish steps, wicks beyond the body. */
export function randomWalk(n: number, seed = 42): Candles {
  const c = allocCandles(n)
  let s = seed >>> 0
  const rand = (): number => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  let price = 1.1
  const t0 = Date.UTC(2024, 0, 1)
  for (let i = 0; i < n; i++) {
    const open = price
    const step = (rand() + rand() + rand() - 1.5) * 0.002
    const close = open + step
    const high = Math.max(open, close) + rand() * 0.001
    const low = Math.min(open, close) - rand() * 0.001
    c.time[i] = t0 + i * 60_000
    c.open[i] = open
    c.high[i] = high
    c.low[i] = low
    c.close[i] = close
    c.volume[i] = Math.floor(rand() * 1000)
    price = close
  }
  return c
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

function figures(n: number, times: number[], fvgCount: number, mitigatedCount: number): KernelFigures {
  const medianMs = median(times)
  return {
    candles: n,
    runs: times.length,
    candlesPerSec: n / (medianMs / 1000),
    medianMs,
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    fvgCount,
    mitigatedCount,
  }
}

function timeOne(c: Candles, options: FvgOptionsInput): { ms: number; fvgCount: number; mitigatedCount: number } {
  const t = performance.now()
  const r = detectFvgs(c, options)
  const ms = performance.now() - t
  let mitigatedCount = 0
  for (let z = 0; z < r.count; z++) if (r.mitigatedIndex[z] >= 0) mitigatedCount++
  return { ms, fvgCount: r.count, mitigatedCount }
}

/**
 * Median candles/s of detectFvgs on a seeded random walk, joinConsecutive off and on. Both
 * variants are warmed up first (many calls on a short prefix, so that V8 optimises the kernel as it
 * will be in the app, then full-length calls), then timed alternately, so that any disturbance on
 * the machine falls on both alike.
 */
export async function benchKernel(candles = 1_000_000, runs = 9): Promise<KernelBench> {
  const c = randomWalk(candles)
  const variants: FvgOptionsInput[] = [{}, { joinConsecutive: true }]
  const prefix = sliceCandles(c, Math.min(candles, 5_000))
  for (const options of variants) for (let k = 0; k < 100; k++) detectFvgs(prefix, options)
  for (let k = 0; k < 3; k++) for (const options of variants) detectFvgs(c, options)
  const times: number[][] = [[], []]
  const counts = [
    { fvgCount: 0, mitigatedCount: 0 },
    { fvgCount: 0, mitigatedCount: 0 },
  ]
  for (let k = 0; k < runs; k++) {
    for (let v = 0; v < variants.length; v++) {
      const r = timeOne(c, variants[v])
      times[v].push(r.ms)
      counts[v] = r
    }
  }
  const plain = figures(candles, times[0], counts[0].fvgCount, counts[0].mitigatedCount)
  const joined = figures(candles, times[1], counts[1].fvgCount, counts[1].mitigatedCount)
  return { ...plain, joined }
}

function print(label: string, f: KernelFigures): void {
  const mcps = (f.candlesPerSec / 1e6).toFixed(1)
  console.log(
    `${label}: ${mcps}M candles/s (median ${f.medianMs.toFixed(2)} ms of ${f.runs}, ` +
      `min ${f.minMs.toFixed(2)}, max ${f.maxMs.toFixed(2)}) — ${f.fvgCount} FVGs, ${f.mitigatedCount} mitigated`,
  )
}

if (import.meta.main) {
  const r = await benchKernel()
  console.log(`FVG kernel on a ${r.candles.toLocaleString('en')}-candle random walk (one core)`)
  print('default             ', r)
  print('joinConsecutive on  ', r.joined)
}
