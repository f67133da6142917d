// The /proc-based host collectors (Linux).
import type { CompiledGroup } from '../groups.ts'
import type { HostCollectors } from '../types.ts'
import { CpuCollector } from './cpu.ts'
import { DiskCollector } from './disks.ts'
import { FilesystemCollector } from './filesystems.ts'
import type { StatfsFn } from './filesystems.ts'
import { MemoryCollector } from './memory.ts'
import { NetworkCollector } from './network.ts'
import { ProcessCollector, detectPageSize } from './processes.ts'

export interface ProcCollectorsOptions {
  /** Root of the proc filesystem; tests point it at fixtures. Default '/proc'. */
  procRoot?: string
  pageSize?: number
  clockTicks?: number
  topN?: number
  statfs?: StatfsFn
  now?: () => number
  /**
   * Read the rate counters (CPU, disks, network, per-process CPU) once now, so the first sample has
   * real deltas instead of zeros — a zero would show as a false dip in History. On for the live
   * system; tests that step through fixture snapshots leave it off.
   */
  prime?: boolean
}

export function createProcCollectors(o: ProcCollectorsOptions = {}): HostCollectors {
  const procRoot = o.procRoot ?? '/proc'
  const cpu = new CpuCollector(procRoot)
  const memory = new MemoryCollector(procRoot)
  const disk = new DiskCollector(procRoot, o.now)
  const network = new NetworkCollector(procRoot, o.now)
  const filesystems = new FilesystemCollector(procRoot, o.statfs)
  const processes = new ProcessCollector({
    procRoot,
    pageSize: o.pageSize ?? (procRoot === '/proc' ? detectPageSize() : 4096),
    clockTicks: o.clockTicks,
    topN: o.topN,
    now: o.now,
  })
  if (o.prime) {
    cpu.collect()
    disk.collect()
    network.collect()
    processes.collect()
  }
  return {
    source: 'procfs',
    cpu: () => cpu.collect(),
    memory: () => memory.collect(),
    disk: () => disk.collect(),
    network: () => network.collect(),
    processes: () => processes.collect(),
    filesystems: () => filesystems.collect(),
    setGroups: (groups: readonly CompiledGroup[]) => processes.setGroups(groups),
    close: () => {
      cpu.close()
      memory.close()
      disk.close()
      network.close()
      processes.close()
    },
  }
}
