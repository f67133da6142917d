// CPU from /proc/stat and /proc/loadavg.
//
// Buckets (jiffies, as the kernel reports them): user = user + nice (guest time is already counted
// in user/nice by the kernel, so guest columns are ignored); system = system + irq + softirq;
// iowait; steal; idle. Busy `total` = user + system + steal: iowait is idle time spent waiting for
// I/O (the core is free to run anything else), so it is reported on its own and not counted as busy.
// Percentages are shares of the jiffies elapsed between two reads (self-normalising, no clock needed).
import path from 'node:path'
import type { Sample } from '../../../../shared/sample.ts'
import { ProcFile } from '../procFile.ts'

export interface CpuCounters {
  user: number
  system: number
  iowait: number
  steal: number
  idle: number
  /** Sum of all buckets (user..steal). */
  all: number
}

export interface ProcStat {
  total: CpuCounters
  /** Indexed by core number; null for a core missing from the file (offline). */
  cores: Array<CpuCounters | null>
}

export type CpuReading = Sample['cpu']

function countersOf(fields: number[]): CpuCounters {
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields
  const u = user + nice
  const s = system + irq + softirq
  return { user: u, system: s, iowait, steal, idle, all: u + s + iowait + steal + idle }
}

/** Parses the `cpu` and `cpuN` lines of /proc/stat (the other lines are ignored). */
export function parseProcStat(text: string): ProcStat {
  let total: CpuCounters | null = null
  const cores: Array<CpuCounters | null> = []
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    if (text.startsWith('cpu', start)) {
      const parts = text.slice(start, end).split(' ').filter((p) => p !== '')
      const label = parts[0]
      const counters = countersOf(parts.slice(1, 9).map(Number))
      if (label === 'cpu') total = counters
      else {
        const n = Number(label.slice(3))
        if (Number.isInteger(n) && n >= 0 && n < 4096) {
          while (cores.length < n) cores.push(null)
          cores[n] = counters
        }
      }
    } else if (total !== null) {
      break // the cpu lines come first and together
    }
    start = end + 1
  }
  if (total === null) throw new Error('no "cpu" line in /proc/stat')
  return { total, cores }
}

function pct(delta: number, all: number): number {
  if (!(all > 0) || !(delta > 0)) return 0
  return Math.min(100, (100 * delta) / all)
}

export interface CpuShare {
  total: number
  user: number
  system: number
  iowait: number
  steal: number
}

/** Shares (0–100) of each bucket between two readings; zeros when the counters did not advance. */
export function cpuShare(prev: CpuCounters | null, cur: CpuCounters | null): CpuShare {
  if (prev === null || cur === null) return { total: 0, user: 0, system: 0, iowait: 0, steal: 0 }
  const all = cur.all - prev.all
  const user = pct(cur.user - prev.user, all)
  const system = pct(cur.system - prev.system, all)
  const steal = pct(cur.steal - prev.steal, all)
  return {
    total: Math.min(100, user + system + steal),
    user,
    system,
    iowait: pct(cur.iowait - prev.iowait, all),
    steal,
  }
}

export function parseLoadavg(text: string): [number, number, number] {
  const [a, b, c] = text.split(' ', 3).map(Number)
  const ok = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? v : 0)
  return [ok(a), ok(b), ok(c)]
}

/** CPU busy share (from /proc/stat deltas) and load average. The first reading reports zeros. */
export class CpuCollector {
  private readonly stat: ProcFile
  private readonly loadavg: ProcFile
  private prev: ProcStat | null = null

  constructor(procRoot: string) {
    this.stat = new ProcFile(path.join(procRoot, 'stat'), 16384)
    this.loadavg = new ProcFile(path.join(procRoot, 'loadavg'), 256)
  }

  collect(): CpuReading {
    const cur = parseProcStat(this.stat.read('\nintr '))
    const prev = this.prev
    this.prev = cur
    const share = cpuShare(prev?.total ?? null, cur.total)
    const cores = cur.cores.map((c, i) => cpuShare(prev?.cores[i] ?? null, c).total)
    return { ...share, cores, load: parseLoadavg(this.loadavg.read()) }
  }

  close(): void {
    this.stat.close()
    this.loadavg.close()
  }
}
