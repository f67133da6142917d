// Processes from /proc/[pid]/stat: one readdir of /proc and one read of each stat file per scan.
//
// cpu = (utime + stime) delta in clock ticks / real elapsed seconds / CLK_TCK × 100, i.e. a share of
// one core (200 = two full cores). A process first seen after the first scan started during the
// window, so all its ticks count over the window. rss = resident pages × page size. A group also gets
// the CPU of members that ended between two scans, from their parents' cutime + cstime (reaped.ts),
// and its members' PSS beside their RSS (pssOf).
// /proc/[pid]/cmdline is read only for processes that make a top list or when groups need matching,
// and cached per pid + start time (a reused pid has another start time); at most 4 KiB is read.
// Group matches are cached the same way and recomputed when the groups change.
// Secrets in command lines (--api-key=…, token=…, user:pass@ URLs) are masked as the cmdline is
// read, so no sample, group match, log or client ever holds them; the name shown is htop's
// (`python3 strategy.py`, `MetaTrader 5`), not the main thread's comm ("MainThread" for Node).
import { fs } from '../../builtins.ts'
import os from 'node:os'
import path from 'node:path'
import type { ProcessGroup, ProcessInfo, Processes } from '../../../../shared/sample.ts'
import { maskArgs, processName, splitArgv } from '../cmdline.ts'
import { addToGroups, emptyGroups, matchGroups, topN } from '../groups.ts'
import type { CompiledGroup } from '../groups.ts'
import { readSmall, scratchBuffer } from '../procFile.ts'
import { bytesEqual } from './bytes.ts'
import { addReapedChildren } from './reaped.ts'
import { readSmapsRollup } from '../../proc.ts'

export interface PidStat {
  comm: string
  ppid: number
  /** utime + stime, clock ticks. */
  ticks: number
  /** cutime + cstime, clock ticks: the CPU of the children it has reaped (waited for), and theirs. */
  childTicks: number
  /** Start time after boot, clock ticks: with the pid, identifies a process. */
  starttime: number
  rssPages: number
}

/** The fields of /proc/[pid]/stat a scan needs, filled in place: comm stays as its byte range. */
export interface PidStatFields {
  commStart: number
  commEnd: number
  ppid: number
  ticks: number
  childTicks: number
  starttime: number
  rssPages: number
}

/** Parses the bytes of /proc/[pid]/stat without splitting it into strings (comm may hold spaces
 * and parentheses: it spans from the first '(' to the last ')'). */
export function parsePidStat(buf: Buffer, n: number): PidStat | null {
  const f = parsePidStatInto(buf, n, { commStart: 0, commEnd: 0, ppid: 0, ticks: 0, childTicks: 0, starttime: 0, rssPages: 0 })
  return f === null ? null : { comm: buf.toString('utf8', f.commStart, f.commEnd), ppid: f.ppid, ticks: f.ticks, childTicks: f.childTicks, starttime: f.starttime, rssPages: f.rssPages }
}

/** parsePidStat into a reused object, without decoding comm; null when the bytes are not a stat line. */
export function parsePidStatInto(buf: Buffer, n: number, out: PidStatFields): PidStatFields | null {
  const open = buf.indexOf(0x28)
  let close = n - 1
  while (close > open && buf[close] !== 0x29) close--
  if (open < 0 || close <= open) return null
  let field = 3
  let v = 0
  let ppid = 0
  let utime = 0
  let stime = 0
  let cutime = 0
  let cstime = 0
  let starttime = 0
  for (let i = close + 2; i < n; i++) {
    const c = buf[i]
    if (c === 0x20 || c === 0x0a) {
      if (field === 4) ppid = v
      else if (field === 14) utime = v
      else if (field === 15) stime = v
      else if (field === 16) cutime = v
      else if (field === 17) cstime = v
      else if (field === 22) starttime = v
      else if (field === 24) {
        out.commStart = open + 1
        out.commEnd = close
        out.ppid = ppid
        out.ticks = utime + stime
        out.childTicks = cutime + cstime
        out.starttime = starttime
        out.rssPages = v
        return out
      }
      field++
      v = 0
    } else if (c >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30)
    }
  }
  return null
}

/** NUL-separated argv → one space-separated line; empty for kernel threads. */
export function commandOf(buf: Buffer, n: number): string {
  return argvOf(buf, n).join(' ')
}

/** NUL-separated argv → its arguments; [] for kernel threads. */
export function argvOf(buf: Buffer, n: number): string[] {
  let end = n
  while (end > 0 && buf[end - 1] === 0) end--
  return end === 0 ? [] : buf.toString('utf8', 0, end).split('\0')
}

/** One process across scans; its row fields (pid, comm, cpu, rssBytes) are updated in place. */
interface Entry {
  pid: number
  /** The kernel's comm (15 characters, the main thread's name), and its bytes to spot a rename. */
  comm: string
  commKey: Buffer
  cpu: number
  rssBytes: number
  starttime: number
  ticks: number
  ppid: number
  /** cutime + cstime at this scan, and its growth since the last (the children reaped in between). */
  childTicks: number
  childDelta: number
  /** Masked command line and the name derived from it, read once per process. */
  command: string | null
  name: string | null
  groupsVersion: number
  groupIdx: number[]
  scan: number
  /** /proc/[pid]/stat held open (see `holdFds`), or null. */
  fd: number | null
  /** When its PSS was last read (null: never), and PSS / RSS then (1 when unreadable). */
  pssAt: number | null
  pssShare: number
}

/** A process of the current scan: its Entry (no per-scan object). */
type Row = Entry

export interface ProcessCollectorOptions {
  procRoot: string
  /** Bytes per page (4096 on x86-64; see detectPageSize). */
  pageSize?: number
  /** USER_HZ, 100 on every mainstream Linux build. */
  clockTicks?: number
  /** CPUs of the machine (os.cpus().length): the most CPU reaped children can add in a scan (reaped.ts). */
  cores?: number
  topN?: number
  now?: () => number
  /**
   * Keep each process's stat file open and re-read it with one positional read: a scan of 150
   * processes cost ~1.1–1.8 ms of CPU instead of ~2.9–3.2 ms with open/read/close. Only on the real
   * procfs, where a read through the descriptor of an exited process fails (ESRCH), so a reused pid is
   * never read through its old descriptor; a regular file (test fixtures) would keep its old content.
   * Default: procRoot is /proc.
   */
  holdFds?: boolean
}

/** A group member's PSS is read again after this long (see pssOf). */
export const PSS_REFRESH_MS = 30_000

/** At most this many stat files are held open; processes beyond it are read with open/read/close. */
export const MAX_HELD_FDS = 1024

export class ProcessCollector {
  private readonly procRoot: string
  private readonly pageSize: number
  private readonly clockTicks: number
  private readonly cores: number
  private readonly n: number
  private readonly now: () => number
  private readonly cache = new Map<number, Entry>()
  private groups: readonly CompiledGroup[] = []
  private groupsVersion = 0
  private scan = 0
  private prevAt: number | null = null
  private readonly holdFds: boolean
  private held = 0
  /** Reused across scans: the rows of the current scan and the parsed stat fields. */
  private readonly rows: Row[] = []
  /** The processes seen at the last scan and not at this one (their pid reused included). */
  private readonly replaced: Entry[] = []
  private readonly st: PidStatFields = { commStart: 0, commEnd: 0, ppid: 0, ticks: 0, childTicks: 0, starttime: 0, rssPages: 0 }

  constructor(o: ProcessCollectorOptions) {
    this.procRoot = o.procRoot
    this.pageSize = o.pageSize ?? 4096
    this.clockTicks = o.clockTicks ?? 100
    this.cores = o.cores ?? os.cpus().length
    this.n = o.topN ?? 15
    this.now = o.now ?? (() => performance.now())
    this.holdFds = o.holdFds ?? o.procRoot === '/proc'
  }

  /** Stat files held open now. */
  get heldFds(): number {
    return this.held
  }

  /** Closes the held stat files (the next scan reopens them). */
  close(): void {
    this.cache.forEach((e) => this.release(e))
  }

  private release(e: Entry): void {
    if (e.fd === null) return
    try {
      fs.closeSync(e.fd)
    } catch {
      // already closed
    }
    e.fd = null
    this.held--
  }

  /** Reads /proc/[pid]/stat into the scratch buffer, through the held descriptor when there is one. */
  private readStat(pid: number, name: string): number {
    const cached = this.cache.get(pid)
    if (cached !== undefined && cached.fd !== null) {
      try {
        return fs.readSync(cached.fd, scratchBuffer(), 0, scratchBuffer().length, 0)
      } catch {
        this.release(cached) // the process exited (ESRCH): a new one with this pid is opened below
      }
    }
    if (!this.holdFds || this.held >= MAX_HELD_FDS) return readSmall(`${this.procRoot}/${name}/stat`)
    let fd: number
    try {
      fd = fs.openSync(`${this.procRoot}/${name}/stat`, 'r')
    } catch {
      return -1
    }
    let n = -1
    try {
      n = fs.readSync(fd, scratchBuffer(), 0, scratchBuffer().length, 0)
    } catch {
      // gone between open and read
    }
    if (n <= 0) {
      fs.closeSync(fd)
      return -1
    }
    this.pendingFd = fd
    this.held++
    return n
  }

  /** A descriptor opened by readStat for the entry the caller is about to update or create. */
  private pendingFd: number | null = null

  setGroups(groups: readonly CompiledGroup[]): void {
    this.groups = groups
    this.groupsVersion++
  }

  collect(): Processes {
    const scan = ++this.scan
    const names = fs.readdirSync(this.procRoot)
    const at = this.now()
    const seconds = this.prevAt === null ? 0 : (at - this.prevAt) / 1000
    const first = this.prevAt === null
    this.prevAt = at
    const buf = scratchBuffer()
    const rows = this.rows
    rows.length = 0
    const groupTotals = emptyGroups(this.groups)
    // Indexed loops: this runs every 5 s, so it stays unoptimized for long, and there a for…of
    // allocates an iterator result per step (a scan allocated ~300 KB; see bench:overhead).
    for (let k = 0; k < names.length; k++) {
      const name = names[k]
      const c0 = name.charCodeAt(0)
      if (c0 < 0x30 || c0 > 0x39) continue
      const pid = Number(name)
      this.pendingFd = null
      const n = this.readStat(pid, name)
      const fd = this.pendingFd
      const st = n <= 0 ? null : parsePidStatInto(buf, n, this.st)
      if (st === null) {
        if (fd !== null) {
          fs.closeSync(fd)
          this.held--
        }
        continue
      }
      let entry = this.cache.get(pid)
      let prevTicks: number | null = first ? null : 0
      let prevChildTicks: number | null = first ? null : 0
      if (entry === undefined || entry.starttime !== st.starttime) {
        if (entry !== undefined) {
          this.release(entry)
          this.replaced.push(entry)
        }
        const commKey = Buffer.from(buf.subarray(st.commStart, st.commEnd))
        const comm = commKey.toString('utf8')
        entry = { pid, comm, commKey, cpu: 0, rssBytes: 0, starttime: st.starttime, ticks: st.ticks, ppid: st.ppid, childTicks: st.childTicks, childDelta: 0, command: null, name: null, groupsVersion: -1, groupIdx: [], scan, fd: null, pssAt: null, pssShare: 1 }
        this.cache.set(pid, entry)
      } else {
        prevTicks = entry.ticks
        prevChildTicks = entry.childTicks
        if (!bytesEqual(buf, st.commStart, st.commEnd, entry.commKey)) {
          entry.commKey = Buffer.from(buf.subarray(st.commStart, st.commEnd))
          entry.comm = entry.commKey.toString('utf8')
        }
      }
      if (fd !== null) entry.fd = fd
      entry.ticks = st.ticks
      entry.ppid = st.ppid
      entry.childTicks = st.childTicks
      entry.childDelta = prevChildTicks === null ? 0 : Math.max(0, st.childTicks - prevChildTicks)
      entry.scan = scan
      const cpu = prevTicks === null || !(seconds > 0) ? 0 : (Math.max(0, st.ticks - prevTicks) / this.clockTicks / seconds) * 100
      entry.cpu = cpu
      entry.rssBytes = st.rssPages * this.pageSize
      const row: Row = entry
      rows.push(row)
      if (this.groups.length > 0) {
        if (entry.groupsVersion !== this.groupsVersion) {
          const command = this.commandFor(row)
          // The comm and the masked command line, and the shown name when it differs from the comm
          // ("IB Gateway" for java): only that short string is matched a second time.
          const name = this.nameFor(row)
          const idx = matchGroups(this.groups, row.comm, command)
          if (name !== row.comm) for (const i of matchGroups(this.groups, name, name)) if (!idx.includes(i)) idx.push(i)
          entry.groupIdx = idx.sort((a, b) => a - b)
          entry.groupsVersion = this.groupsVersion
        }
        if (entry.groupIdx.length > 0) addToGroups(groupTotals, entry.groupIdx, cpu, row.rssBytes, this.pssOf(entry, at))
      }
    }
    const gone = this.replaced
    if (this.cache.size > rows.length) {
      this.cache.forEach((e, pid) => {
        if (e.scan === scan) return
        this.release(e)
        this.cache.delete(pid)
        gone.push(e)
      })
    }
    if (this.groups.length > 0 && seconds > 0) addReapedChildren(groupTotals, rows, gone, this.groupsVersion, 100 / this.clockTicks / seconds, this.cores)
    gone.length = 0
    return {
      topCpu: topN(rows, this.n, (r) => r.cpu).map((r) => this.info(r)),
      topMemory: topN(rows, this.n, (r) => r.rssBytes).map((r) => this.info(r)),
      groups: groupTotals satisfies ProcessGroup[],
      total: rows.length,
    }
  }

  /**
   * A group member's proportional set size, from /proc/[pid]/smaps_rollup: a page shared by n
   * processes counts 1/n to each, so a group's sum counts it once (a forked pool of 9 sharing 400 MB
   * summed 3.87 GB of RSS for 0.43 GB of PSS). RSS where it cannot be read (another user's process,
   * kernel threads), as for the engine's own figure. The kernel walks the process's page tables for
   * it (~0.9 ms of CPU for 200 MB resident here), so it is read for group members only, on their
   * first scan and then every PSS_REFRESH_MS; in between it follows the member's RSS in proportion.
   */
  private pssOf(e: Entry, at: number): number {
    if (e.pssAt === null || at - e.pssAt >= PSS_REFRESH_MS) {
      const n = readSmall(`${this.procRoot}/${e.pid}/smaps_rollup`)
      const pss = n <= 0 ? null : readSmapsRollup(scratchBuffer().toString('latin1', 0, n)).pssBytes
      e.pssAt = at
      e.pssShare = pss === null || e.rssBytes <= 0 ? 1 : Math.min(1, pss / e.rssBytes)
    }
    return e.rssBytes * e.pssShare
  }

  private read(row: Row): void {
    const n = readSmall(`${this.procRoot}/${row.pid}/cmdline`)
    const argv = maskArgs(splitArgv(n > 0 ? argvOf(scratchBuffer(), n) : []))
    row.command = argv.length === 0 ? `[${row.comm}]` : argv.join(' ')
    row.name = processName(row.comm, argv)
  }

  private commandFor(row: Row): string {
    if (row.command === null) this.read(row)
    return row.command ?? ''
  }

  private nameFor(row: Row): string {
    if (row.name === null) this.read(row)
    return row.name ?? row.comm
  }

  private info(r: Row): ProcessInfo {
    return { pid: r.pid, name: this.nameFor(r), command: this.commandFor(r), cpu: r.cpu, rssBytes: r.rssBytes }
  }
}

/**
 * Page size without forking `getconf`: libuv computes process.memoryUsage().rss as the rss pages
 * of /proc/self/stat × getpagesize(), so their ratio is the page size. Falls back to 4096.
 */
export function detectPageSize(procRoot = '/proc'): number {
  try {
    const n = readSmall(path.join(procRoot, 'self', 'stat'))
    const st = n > 0 ? parsePidStat(scratchBuffer(), n) : null
    const rss = process.memoryUsage().rss
    if (st === null || st.rssPages <= 0) return 4096
    const ratio = rss / st.rssPages
    let best = 4096
    for (const size of [4096, 16384, 65536]) if (Math.abs(ratio - size) < Math.abs(ratio - best)) best = size
    return best
  } catch {
    return 4096
  }
}
