// One host sample: what the sampler measures each tick. The schema is the contract for IPC and
// WebSocket; `metricsOf` flattens a sample into the numeric series the store keeps.
import { z } from 'zod'

export const CpuSplitSchema = z.object({
  /** Busy share of all cores, 0–100. */
  total: z.number(),
  user: z.number(),
  system: z.number(),
  iowait: z.number(),
  steal: z.number(),
})
export type CpuSplit = z.infer<typeof CpuSplitSchema>

export const GpuSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  /** Percentages (0–100); NaN-free: a field nvidia-smi reports as N/A is null. */
  utilization: z.number().nullable(),
  memoryUtilization: z.number().nullable(),
  memoryUsedBytes: z.number().nullable(),
  memoryTotalBytes: z.number().nullable(),
  temperatureC: z.number().nullable(),
  powerW: z.number().nullable(),
  clockSmMHz: z.number().nullable(),
})
export type Gpu = z.infer<typeof GpuSchema>

export const ProcessInfoSchema = z.object({
  pid: z.number().int(),
  name: z.string(),
  command: z.string(),
  /** Share of one core, so 200 means two full cores. */
  cpu: z.number(),
  rssBytes: z.number(),
})
export type ProcessInfo = z.infer<typeof ProcessInfoSchema>

export const ProcessGroupSchema = z.object({
  name: z.string(),
  pattern: z.string(),
  count: z.number().int(),
  cpu: z.number(),
  rssBytes: z.number(),
})
export type ProcessGroup = z.infer<typeof ProcessGroupSchema>

export const ProcessesSchema = z.object({
  topCpu: z.array(ProcessInfoSchema),
  topMemory: z.array(ProcessInfoSchema),
  groups: z.array(ProcessGroupSchema),
  total: z.number().int(),
})
export type Processes = z.infer<typeof ProcessesSchema>

export const FilesystemSchema = z.object({
  mount: z.string(),
  device: z.string(),
  type: z.string(),
  sizeBytes: z.number(),
  usedBytes: z.number(),
})
export type Filesystem = z.infer<typeof FilesystemSchema>

export const SampleSchema = z.object({
  /** Epoch ms at which the tick started. */
  t: z.number(),
  cpu: CpuSplitSchema.extend({
    cores: z.array(z.number()),
    load: z.tuple([z.number(), z.number(), z.number()]),
  }),
  memory: z.object({
    totalBytes: z.number(),
    usedBytes: z.number(),
    availableBytes: z.number(),
    cachedBytes: z.number(),
    swapUsedBytes: z.number(),
    swapTotalBytes: z.number(),
  }),
  disk: z.object({
    readBps: z.number(),
    writeBps: z.number(),
    readOps: z.number(),
    writeOps: z.number(),
  }),
  network: z.object({
    rxBps: z.number(),
    txBps: z.number(),
    interfaces: z.array(z.object({ name: z.string(), rxBps: z.number(), txBps: z.number() })),
  }),
  gpus: z.array(GpuSchema),
  /** Present on the ticks that refresh it (every 5 s). */
  processes: ProcessesSchema.optional(),
  /** Present on the ticks that refresh it (every 60 s). */
  filesystems: z.array(FilesystemSchema).optional(),
  /** Self-telemetry: what this tick cost. */
  telemetry: z.object({
    /** Wall time of each collector in ms. */
    collectorsMs: z.record(z.string(), z.number()),
    tickMs: z.number(),
  }),
})
export type Sample = z.infer<typeof SampleSchema>

/** Flattens a sample into [metric name, value] pairs, the series the store keeps. */
export function metricsOf(s: Sample): Array<[string, number]> {
  const out: Array<[string, number]> = [
    ['cpu.total', s.cpu.total],
    ['cpu.user', s.cpu.user],
    ['cpu.system', s.cpu.system],
    ['cpu.iowait', s.cpu.iowait],
    ['cpu.steal', s.cpu.steal],
    ['load.1', s.cpu.load[0]],
    ['mem.used', s.memory.usedBytes],
    ['mem.available', s.memory.availableBytes],
    ['mem.cached', s.memory.cachedBytes],
    ['swap.used', s.memory.swapUsedBytes],
    ['disk.read_bps', s.disk.readBps],
    ['disk.write_bps', s.disk.writeBps],
    ['disk.read_ops', s.disk.readOps],
    ['disk.write_ops', s.disk.writeOps],
    ['net.rx_bps', s.network.rxBps],
    ['net.tx_bps', s.network.txBps],
  ]
  s.cpu.cores.forEach((v, i) => out.push([`cpu.core.${i}`, v]))
  for (const g of s.gpus) {
    if (g.utilization !== null) out.push([`gpu.${g.index}.util`, g.utilization])
    if (g.memoryUsedBytes !== null) out.push([`gpu.${g.index}.mem_used`, g.memoryUsedBytes])
    if (g.temperatureC !== null) out.push([`gpu.${g.index}.temp`, g.temperatureC])
    if (g.powerW !== null) out.push([`gpu.${g.index}.power`, g.powerW])
  }
  for (const g of s.processes?.groups ?? []) {
    out.push([`group.${g.name}.cpu`, g.cpu], [`group.${g.name}.rss`, g.rssBytes])
  }
  return out.filter(([, v]) => Number.isFinite(v))
}

/** Virtual interfaces: loopback, traffic shaping (ifb), container and VM plumbing (veth, docker0,
 * br-*, virbr, cni, flannel, calico, vxlan, tap, dummy). Counted in totals, but named "busiest"
 * only when they carry traffic. */
const VIRTUAL_INTERFACE = /^(?:lo\d*|ifb\d*|veth|docker\d*|br-|virbr|vnet|cni|flannel|cali|vxlan|tap|dummy|kube-|nodelocaldns|lxcbr|lxc)/

export function isVirtualInterface(name: string): boolean {
  return VIRTUAL_INTERFACE.test(name)
}

type Interface = Sample['network']['interfaces'][number]

/** The interface with the most traffic; an idle virtual one never wins, and on an idle machine the
 * first physical interface is named (null when there is none). */
export function busiestInterface(interfaces: readonly Interface[]): Interface | null {
  let best: Interface | null = null
  for (const i of interfaces) {
    const load = i.rxBps + i.txBps
    if (load <= 0 && isVirtualInterface(i.name)) continue
    if (best === null || load > best.rxBps + best.txBps) best = i
  }
  return best
}
