// One host sample: what the sampler measures each tick. The schema is the contract for IPC and
// WebSocket; `metricsOf` flattens a sample into the numeric series the store keeps.
import { z } from 'zod'
import { metricName } from './metrics.ts'

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
  /** Sum of the members' RSS: a page shared by several members counts once per member. */
  rssBytes: z.number(),
  /**
   * Sum of the members' PSS (shared pages split among their sharers, so counted once); RSS where PSS
   * cannot be read (another user's process; macOS, Windows). Absent from an engine older than this
   * field, which a dashboard may still reach through the hosts relay: its samples stay readable.
   */
  pssBytes: z.number().optional(),
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
  /**
   * What an unprivileged process can still write (statfs bavail × bsize): less than size − used by
   * the blocks reserved for root. Optional: an engine of an older version (a remote host) sends none.
   */
  availableBytes: z.number().optional(),
})
export type Filesystem = z.infer<typeof FilesystemSchema>

/**
 * Used % of a filesystem as df(1) computes it: used / (used + available), so 100 % is when an
 * ordinary process gets ENOSPC, whatever is reserved for root. Without `availableBytes` (an older
 * engine), used / size. The one definition for the fullest-filesystem series, its rule and the dashboard.
 */
export function filesystemUsedPct(f: Filesystem): number {
  const whole = f.availableBytes === undefined ? f.sizeBytes : f.usedBytes + f.availableBytes
  return whole > 0 ? Math.min(100, Math.max(0, (f.usedBytes / whole) * 100)) : 0
}

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

/** The series every sample has, named through the registry once: [stored name, its value in a sample]. */
const FIXED_SERIES: ReadonlyArray<readonly [string, (s: Sample) => number]> = [
  [metricName('cpu.total'), (s) => s.cpu.total],
  [metricName('cpu.{mode}', { mode: 'user' }), (s) => s.cpu.user],
  [metricName('cpu.{mode}', { mode: 'system' }), (s) => s.cpu.system],
  [metricName('cpu.{mode}', { mode: 'iowait' }), (s) => s.cpu.iowait],
  [metricName('cpu.{mode}', { mode: 'steal' }), (s) => s.cpu.steal],
  [metricName('load.1'), (s) => s.cpu.load[0]],
  [metricName('mem.used'), (s) => s.memory.usedBytes],
  [metricName('mem.available'), (s) => s.memory.availableBytes],
  [metricName('mem.cached'), (s) => s.memory.cachedBytes],
  [metricName('swap.used'), (s) => s.memory.swapUsedBytes],
  [metricName('disk.read_bps'), (s) => s.disk.readBps],
  [metricName('disk.write_bps'), (s) => s.disk.writeBps],
  [metricName('disk.read_ops'), (s) => s.disk.readOps],
  [metricName('disk.write_ops'), (s) => s.disk.writeOps],
  [metricName('net.rx_bps'), (s) => s.network.rxBps],
  [metricName('net.tx_bps'), (s) => s.network.txBps],
]
/** Per-core names, made once per core index (a sample has one per core, every second). */
const coreNames: string[] = []
const coreName = (i: number) => (coreNames[i] ??= metricName('cpu.core.{core}', { core: String(i) }))

/** Flattens a sample into [metric name, value] pairs, the series the store keeps. */
export function metricsOf(s: Sample): Array<[string, number]> {
  // One array, the non-finite values left out as they come (this runs every sample).
  const out: Array<[string, number]> = []
  const add = (name: string, v: number) => {
    if (Number.isFinite(v)) out.push([name, v])
  }
  for (let i = 0; i < FIXED_SERIES.length; i++) add(FIXED_SERIES[i][0], FIXED_SERIES[i][1](s))
  const cores = s.cpu.cores
  for (let i = 0; i < cores.length; i++) add(coreName(i), cores[i])
  for (const g of s.gpus) {
    const gpu = String(g.index)
    if (g.utilization !== null) add(metricName('gpu.{gpu}.util', { gpu }), g.utilization)
    if (g.memoryUsedBytes !== null) add(metricName('gpu.{gpu}.mem_used', { gpu }), g.memoryUsedBytes)
    if (g.temperatureC !== null) add(metricName('gpu.{gpu}.temp', { gpu }), g.temperatureC)
    if (g.powerW !== null) add(metricName('gpu.{gpu}.power', { gpu }), g.powerW)
  }
  for (const g of s.processes?.groups ?? []) {
    add(metricName('group.{group}.cpu', { group: g.name }), g.cpu)
    add(metricName('group.{group}.rss', { group: g.name }), g.rssBytes)
    if (g.pssBytes !== undefined) add(metricName('group.{group}.pss', { group: g.name }), g.pssBytes)
  }
  return out
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
