// The engine's worker pool (pool-core.ts): every spec it is given is validated here, on the host,
// with the contract's schema (ScanJobSpecSchema), whoever sent it (engine commands, IPC, WebSocket,
// a watchlist file). The worker trusts its spec and loads no zod; a spec that does not validate is a
// failed job with the field named, never a throw mid-request. gapwatch scan, which builds its specs
// from options it checked itself, uses PoolCore directly and loads no zod.
import { ScanJobSpecSchema, type ScanJobResult, type ScanJobSpec } from './protocol.ts'
import { describeZodError } from '../../../shared/zod-error.ts'
import { PoolCore, trustSpec } from './pool-core.ts'

export { MAX_RETRIES, IDLE_EXIT_MS, defaultPoolSize, JobCancelledError, JobFailedError, balanceScore, type JobInfo } from './pool-core.ts'

export class Pool extends PoolCore {
  /**
   * Validates the spec and queues it (PoolCore.submit), or fails it as a job naming the bad field.
   * `cost` weighs it for fair sharing (e.g. its candle count); `split: false` keeps a file whole.
   */
  override submit(spec: ScanJobSpec, opts: { queue?: string; cost?: number; split?: false } = {}): { id: number; done: Promise<ScanJobResult> } {
    const checked = ScanJobSpecSchema.safeParse(spec)
    if (!checked.success) return this.submitFailed(spec, `Invalid scan job for ${String(spec.symbol)}: ${describeZodError(checked.error)}`, opts)
    return super.submit(trustSpec(checked.data), opts)
  }
}
