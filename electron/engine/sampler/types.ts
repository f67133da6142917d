// Types shared by the sampler, its collectors and its hosts.
import type { Filesystem, Processes, Sample } from '../../../shared/sample.ts'
import type { CompiledGroup } from './groups.ts'

export type CollectorName = 'cpu' | 'memory' | 'disk' | 'network' | 'gpu' | 'processes' | 'filesystems'

/** A structured warning from the nvidia-smi supervisor (the Sampler emits its message as text). */
export interface SamplerWarning {
  /** gpu-lost · gpu-crashed · gpu-stalled */
  code: string
  /** The collector or part concerned. */
  source: string
  message: string
}

export interface GpuStatus {
  /** null until known (nvidia-smi started but has not answered yet). */
  available: boolean | null
  /** Why GPUs are not available (or not known yet); null when available. */
  reason: string | null
}

export interface Capabilities {
  gpuAvailable: boolean | null
  gpuReason: string | null
  /** Where host metrics come from: hand-written /proc readers, or systeminformation elsewhere. */
  source: 'procfs' | 'systeminformation'
}

/**
 * The host collectors one Sampler drives. Each may be sync (the /proc readers) or async (the
 * systeminformation fallback). Rates come from the collector's own previous reading.
 */
export interface HostCollectors {
  readonly source: Capabilities['source']
  cpu(): Sample['cpu'] | Promise<Sample['cpu']>
  memory(): Sample['memory'] | Promise<Sample['memory']>
  disk(): Sample['disk'] | Promise<Sample['disk']>
  network(): Sample['network'] | Promise<Sample['network']>
  processes(): Processes | Promise<Processes>
  filesystems(): Filesystem[] | Promise<Filesystem[]>
  setGroups(groups: readonly CompiledGroup[]): void
  close(): void
}

/** What a failed collector contributes to a sample. */
export const ZERO = {
  cpu: (): Sample['cpu'] => ({ total: 0, user: 0, system: 0, iowait: 0, steal: 0, cores: [], load: [0, 0, 0] }),
  memory: (): Sample['memory'] => ({
    totalBytes: 0, usedBytes: 0, availableBytes: 0, cachedBytes: 0, swapUsedBytes: 0, swapTotalBytes: 0,
  }),
  disk: (): Sample['disk'] => ({ readBps: 0, writeBps: 0, readOps: 0, writeOps: 0 }),
  network: (): Sample['network'] => ({ rxBps: 0, txBps: 0, interfaces: [] }),
  processes: (): Processes => ({ topCpu: [], topMemory: [], groups: [], total: 0 }),
}
