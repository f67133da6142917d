// The scaling experiment as the scanner runs it (the `bench` command): one at a time, at most
// maxBenchWorkers(cores) workers per step, stopped by a cancel-all (scanCancel without ids).
// Symbols × candles are bounded by BenchParamsSchema. The experiment itself is pool/scaling.ts.
import os from 'node:os'
import type { CommandResult, EventPayload } from '../../../shared/contract.ts'
import { maxBenchWorkers } from '../../../shared/limits.ts'
import { defaultPoolSize } from '../pool/pool.ts'
import { runScalingExperiment, workerSeries } from '../pool/scaling.ts'
import type { WorkerHost } from '../pool/worker-host.ts'

export class ScalingBench {
  private readonly host: WorkerHost
  private readonly onProgress: (p: EventPayload<'benchProgress'>) => void
  private run: AbortController | null = null

  constructor(host: WorkerHost, onProgress: (p: EventPayload<'benchProgress'>) => void) {
    this.host = host
    this.onProgress = onProgress
  }

  /** Runs the experiment; `poolSize`, the scan pool's size if it has one, sets the default steps. */
  async start(o: { symbols: number; candles: number; workers?: number[] }, poolSize: number | undefined): Promise<CommandResult<'bench'>> {
    if (this.run) throw new Error('A scaling experiment is already running: wait for it to finish or cancel it (scanCancel).')
    const cores = os.availableParallelism()
    const cap = maxBenchWorkers(cores)
    const tooMany = o.workers?.find((n) => n > cap)
    if (tooMany !== undefined) throw new Error(`workers: ${tooMany} is more than this machine allows (${cap}, twice its ${cores} cores).`)
    const run = new AbortController()
    this.run = run
    try {
      return await runScalingExperiment(this.host, {
        symbols: o.symbols,
        candles: o.candles,
        workers: o.workers ?? workerSeries(Math.min(cap, Math.max(2, poolSize ?? defaultPoolSize()))),
        onProgress: this.onProgress,
        signal: run.signal,
      })
    } finally {
      this.run = null
    }
  }

  /** Stops a running experiment; false when none runs. */
  abort(): boolean {
    if (!this.run) return false
    this.run.abort()
    return true
  }
}
