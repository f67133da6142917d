// The pool host's event loop while 15 × 1M candles are scanned (issue 13): the engine's thread
// only dispatches jobs and takes results (zones, and the merge of split jobs), so its event-loop
// delay p99 should stay ≤ 20 ms. Measured in this process as the pool's host, with the engine's
// default pool options; generated series (1M candles each) with their zones sent back.
// Run alone: node bench/fvg-loop.ts; npm run bench:fvg runs it.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Pool } from '../electron/engine/pool/pool.ts'
import { nodeWorkerHost } from '../electron/engine/pool/worker-host.ts'

export async function benchLoopDelay(o: { symbols?: number; candles?: number; workers?: number } = {}): Promise<string> {
  const symbols = o.symbols ?? 15
  const candles = o.candles ?? 1_000_000
  const pool = new Pool(nodeWorkerHost(), o.workers ?? 2)
  const h = monitorEventLoopDelay({ resolution: 10 })
  try {
    const t0 = performance.now()
    h.enable()
    await Promise.all(Array.from({ length: symbols }, (_, s) =>
      pool.submit({ kind: 'scan', symbol: `L${s}`, source: { kind: 'generated', seed: s + 1, count: candles, intervalMs: 60_000, startPrice: 100 }, options: {} }).done))
    h.disable()
    const ms = (ns: number) => (ns / 1e6).toFixed(1)
    return `event-loop delay of the pool's host while ${symbols} × ${candles.toLocaleString('en')} candles are scanned (${((performance.now() - t0) / 1000).toFixed(1)} s): p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms   target p99 ≤ 20 ms`
  } finally {
    await pool.close()
  }
}

if (import.meta.main) console.log(await benchLoopDelay())
