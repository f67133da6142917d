// The worker side of the pool protocol: takes one job at a time, runs it, and answers with progress
// and a result or an error. The process entry (electron/worker/index.ts) only connects it to its
// parent's message port; the pool cancels a running job by ending the process.
import module from 'node:module'
import type { HostMessage, WorkerMessage } from './protocol.ts'
import { runScanJob } from './scan-job.ts'
import { CsvImportError } from '../market/errors.ts'
import type * as OutputTurn from './output-turn.ts'

// Writing parts to a shared output is `gapwatch scan`'s alone: loaded by the first job that streams.
let outputTurn: typeof OutputTurn | null = null
const turns = async () => (outputTurn ??= await import('./output-turn.ts'))

export async function handleHostMessage(raw: unknown, send: (msg: WorkerMessage) => void): Promise<void> {
  const msg = raw as HostMessage
  if (msg?.type === 'turn') {
    const t = await turns()
    return msg.fill ? t.writeRange(msg.jobId, msg.fill, send) : t.grantTurn(msg.jobId)
  }
  if (msg?.type === 'fill') return (await turns()).fillRange(msg.jobId, msg.fill)
  if (msg?.type === 'drop') return (await turns()).dropRange(msg.jobId)
  if (msg?.type !== 'job') return
  const { jobId, spec } = msg
  try {
    const result = await runScanJob(spec, (stage, fraction) => send({ type: 'progress', jobId, stage, fraction }))
    // A streamed part is written here, in its turn, instead of going back over IPC.
    const order = spec.output?.stream
    if (order !== undefined && result.output) await (await turns()).streamPart(jobId, order, result, send)
    const range = spec.output?.range
    const format = spec.output?.format
    // A range without zones has no rows to write: nothing is kept (the CLI grants only ranges with rows).
    if (order !== undefined && range !== undefined && result.zones && result.zones.index.length > 0 && (format === 'json' || format === 'csv')) {
      const t = await turns()
      t.holdRange(jobId, { order, range }, format, spec.symbol, result.zones, send)
      // Its rows are written here: the host needs only the zones a later range may mitigate.
      if (spec.returnZones === false) t.keepOpenZones(result)
    }
    send({ type: 'result', jobId, result })
  } catch (err) {
    const csv = err instanceof CsvImportError
      ? { file: err.file, line: err.line, column: err.column, value: err.value, reason: err.reason }
      : undefined
    const output = outputTurn && err instanceof outputTurn.OutputWriteError ? err.code : undefined
    send({ type: 'error', jobId, message: (err as Error).message, csv, output })
  }
  persistCompileCache() // the modules this job imported on first use
}

/**
 * Writes what this process compiled to the compile cache (NODE_COMPILE_CACHE, worker-host.ts's
 * workerEnv) now. Node writes it only at a normal exit, and the pool ends its workers with SIGKILL
 * (close, cancel), so without this no worker's own modules were ever cached and every worker
 * stripped and compiled them afresh: ~250 ms of CPU against ~25 ms from the cache. Writes only new
 * entries (~15 ms once, then ~0).
 */
export function persistCompileCache(): void {
  try {
    module.flushCompileCache?.()
  } catch {
    // a read-only or full cache folder only costs the next worker the compile
  }
}
