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
import { latin1, lineEnd, numberOf } from './bytes.ts'

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

const SPACE = 0x20
/** 'c', 'p', 'u' */
const isCpuAt = (buf: Uint8Array, i: number, n: number): boolean => i + 2 < n && buf[i] === 0x63 && buf[i + 1] === 0x70 && buf[i + 2] === 0x75
/** The eight counters of a cpu line (user … steal), reused: countersOf copies them out. */
const fields: number[] = [0, 0, 0, 0, 0, 0, 0, 0]

/**
 * parseProcStat for the bytes of /proc/stat, in place (no string, no split; a field that is not
 * plain digits goes through Number() like the string parser's): the same result or the same error.
 */
export function parseProcStatBytes(buf: Uint8Array, n: number): ProcStat {
  let total: CpuCounters | null = null
  const cores: Array<CpuCounters | null> = []
  for (let start = 0; start < n; ) {
    const end = lineEnd(buf, start, n)
    if (isCpuAt(buf, start, n)) {
      // Space-separated tokens, as split(' ') with the empty ones dropped: the label, then the counters.
      let labelEnd = start
      while (labelEnd < end && buf[labelEnd] !== SPACE) labelEnd++
      fields.fill(0)
      let k = 0
      for (let i = labelEnd; i < end && k < fields.length; ) {
        while (i < end && buf[i] === SPACE) i++
        if (i === end) break
        let j = i
        while (j < end && buf[j] !== SPACE) j++
        fields[k++] = numberOf(buf, i, j)
        i = j
      }
      if (labelEnd - start === 3) total = countersOf(fields)
      else {
        const core = numberOf(buf, start + 3, labelEnd)
        if (Number.isInteger(core) && core >= 0 && core < 4096) {
          while (cores.length < core) cores.push(null)
          cores[core] = countersOf(fields)
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

/**
 * parseLoadavg for the bytes of /proc/loadavg, in place: the first three space-separated fields,
 * each Number() of its text or 0 where that is not finite. A plain decimal (`1.52`) is read as
 * digits / 10^k, which is the correctly rounded value of the text, so it equals Number(text) exactly;
 * anything else goes through Number().
 */
export function parseLoadavgBytes(buf: Uint8Array, n: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0]
  let start = 0
  for (let f = 0; f < 3; f++) {
    if (start > n) break // split(' ', 3) gave fewer fields: 0
    let end = start
    while (end < n && buf[end] !== SPACE) end++
    out[f] = loadField(buf, start, end)
    start = end + 1
  }
  return out
}

/** Number() of buf[start, end), 0 where it is not finite. */
function loadField(buf: Uint8Array, start: number, end: number): number {
  let last = end
  while (last > start && buf[last - 1] === 0x0a) last-- // the line's end, which Number() trims
  let mantissa = 0
  let scale = 1
  let digits = 0
  let dot = false
  let plain = last - start <= 16 // at most 16 digits: each step below is exact but the last, rounded once
  for (let i = start; plain && i < last; i++) {
    const c = buf[i]
    if (c === 0x2e && !dot) dot = true
    else if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30)
      if (dot) scale *= 10
      digits++
    } else plain = false
  }
  if (plain && digits > 0) return mantissa / scale
  const v = Number(latin1(buf, start, end))
  return Number.isFinite(v) ? v : 0
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
    const n = this.stat.readRaw()
    const cur = parseProcStatBytes(this.stat.bytes, n)
    const prev = this.prev
    this.prev = cur
    const share = cpuShare(prev?.total ?? null, cur.total)
    const cores = cur.cores.map((c, i) => cpuShare(prev?.cores[i] ?? null, c).total)
    const m = this.loadavg.readRaw()
    return { ...share, cores, load: parseLoadavgBytes(this.loadavg.bytes, m) }
  }

  close(): void {
    this.stat.close()
    this.loadavg.close()
  }
}
