// The scaling experiment: the same scan of S generated symbols × C candles with 1, 2, … workers;
// for each count the wall time, candles/s, speedup over 1 worker, efficiency (speedup / workers) and
// balance score. Used by `gapwatch bench` and the Scanner view.
import type { BenchResult, BenchRow } from '../../../shared/scanner.ts'
import { defaultFvgOptions } from '../../../shared/fvg.ts'
import { Pool, balanceScore } from './pool.ts'
import type { WorkerHost } from './worker-host.ts'

export interface ScalingOptions {
  symbols: number
  candles: number
  workers: number[]
  /** Split series longer than this into segments (Pool's default when absent; 0 = never). */
  segmentCandles?: number
  onProgress?: (p: { workers: number; done: number; total: number }) => void
  /** Aborting ends the experiment: its pool's workers are killed and the promise rejects. */
  signal?: AbortSignal
}

export class ScalingAbortedError extends Error {
  override name = 'ScalingAbortedError'
}

export async function runScalingExperiment(host: WorkerHost, o: ScalingOptions): Promise<BenchResult> {
  const rows: BenchRow[] = []
  let base = NaN
  const aborted = () => new ScalingAbortedError('The scaling experiment was cancelled.')
  for (const n of o.workers) {
    if (o.signal?.aborted) throw aborted()
    const pool = new Pool(host, n, { segmentCandles: o.segmentCandles })
    // Closing the pool cancels its jobs (their promises reject) and kills its workers at once.
    const onAbort = () => void pool.close()
    o.signal?.addEventListener('abort', onAbort, { once: true })
    try {
      // Warm-up: every worker loads its code before the clock starts.
      await Promise.all(Array.from({ length: n }, (_, i) => pool.submit(spec(1000 + i, 1000)).done))
      const warm = pool.stats().workers.map((w) => w.busyMs)
      let done = 0
      o.onProgress?.({ workers: n, done, total: o.symbols })
      const t0 = performance.now()
      await Promise.all(
        Array.from({ length: o.symbols }, (_, s) =>
          pool.submit(spec(s + 1, o.candles)).done.then(() => o.onProgress?.({ workers: n, done: ++done, total: o.symbols })),
        ),
      )
      const wallMs = performance.now() - t0
      const busy = pool.stats().workers.map((w, i) => w.busyMs - (warm[i] ?? 0))
      const candlesPerSec = (o.symbols * o.candles) / (wallMs / 1000)
      if (rows.length === 0) base = n === 1 ? wallMs : NaN
      const speedup = base / wallMs
      rows.push({ workers: n, wallMs, candlesPerSec, speedup, efficiency: speedup / n, balance: balanceScore(busy) })
    } catch (err) {
      throw o.signal?.aborted ? aborted() : err
    } finally {
      o.signal?.removeEventListener('abort', onAbort)
      await pool.close()
    }
  }
  return { symbols: o.symbols, candles: o.candles, rows }
}

function spec(seed: number, count: number) {
  return {
    kind: 'scan' as const,
    symbol: `BENCH${seed}`,
    source: { kind: 'generated' as const, seed, count, intervalMs: 60_000, startPrice: 100 },
    options: defaultFvgOptions,
    returnZones: false,
  }
}

/** 1, 2, 4, … up to `max`, always ending at `max`. */
export function workerSeries(max: number): number[] {
  const out: number[] = []
  for (let n = 1; n < max; n *= 2) out.push(n)
  out.push(max)
  return out
}
