// The engine's own cost, for self-telemetry, over the whole process tree (the engine and its pool
// workers): CPU as % of one core since the last reading, RSS, PSS (proportional: shared pages split
// between the processes sharing them, so the tree's sum is honest), and bytes written to disk, as a
// counter and as a rate per hour over a sliding window that starts again after a scan burst
// (shared/write-rate.ts). Linux /proc; elsewhere the engine's own CPU
// and RSS only.
import { CLOCK_TICKS_PER_S, readProcess, type ProcessReading } from './proc.ts'
import { LoopDelayMonitor, type LoopDelay, type LoopDelayOptions } from './loop-delay.ts'
import { WRITE_RATE_MIN_SPAN_MS, WRITE_RATE_WINDOW_MS } from '../../shared/write-rate.ts'

export interface TreeUsage {
  cpuPercent: number
  rssBytes: number
  /** RSS where PSS is not readable. */
  pssBytes: number
  /** Bytes written to storage by the tree since the engine started (a counter: never goes down). */
  diskWrittenBytes: number
  /** Bytes written per hour over the sliding window (null until two readings span ≥ 10 s): shared/write-rate.ts. */
  diskWrittenBytesPerHour: number | null
  /** Processes counted: the engine and its live workers. */
  processes: number
  /** Event-loop delay of the engine's thread (see loop-delay.ts). */
  eventLoopDelay: LoopDelay
}

export interface SelfMonitorOptions {
  /** The live pool workers' pids. */
  workerPids?: () => number[]
  /** For tests: another /proc, the engine's pid there, a clock and the engine's own CPU time in µs. */
  procRoot?: string
  pid?: number
  now?: () => number
  cpuMicros?: () => number
  /**
   * How often PSS is read. smaps_rollup walks the page tables: ~5 ms of CPU for a 170 MB process, so
   * reading it every 10 s cost 0.1 % of a core for the engine and one worker. Default 60 s.
   */
  pssEveryMs?: number
  /**
   * How often the engine's own /proc files (status, io) are read; in between the last reading holds
   * (its CPU comes from process.cpuUsage() on every reading). Three files a second cost ~9 % of the
   * engine's CPU at rest. Workers (alive only during scans) are read on every reading. Default 5 s.
   */
  selfEveryMs?: number
  /** The window of the write rate. Default WRITE_RATE_WINDOW_MS (10 minutes). */
  windowMs?: number
  /** Event-loop delay options (its `busy` defaults to: pool workers are alive). */
  loopDelay?: LoopDelayOptions
}

export class SelfMonitor {
  private readonly o: SelfMonitorOptions
  private readonly root: string
  private readonly pid: number
  private readonly now: () => number
  private readonly cpuMicros: () => number
  private lastWall: number
  private lastSelfCpu: number
  /** Per worker pid: CPU ticks and write_bytes at the last reading. */
  private workers = new Map<number, { ticks: number; written: number }>()
  private selfWrittenAtStart: number | null = null
  private selfWritten = 0
  /** The tree's bytes written, as last reported (the counter never drops). */
  private written = 0
  /** Per pid: the last PSS read and when (smaps_rollup is read every `pssEveryMs` only). */
  private pss = new Map<number, { at: number; bytes: number }>()
  private readonly history: Array<{ t: number; written: number }> = []
  private rateRestart = false
  private readonly loop: LoopDelayMonitor
  /** The engine's own last /proc reading and when it was taken. */
  private lastSelf: { at: number; reading: ProcessReading | null } | null = null

  constructor(o: SelfMonitorOptions = {}) {
    this.o = o
    this.root = o.procRoot ?? '/proc'
    this.pid = o.pid ?? process.pid
    this.now = o.now ?? (() => performance.now())
    this.cpuMicros = o.cpuMicros ?? (() => {
      const c = process.cpuUsage()
      return c.user + c.system
    })
    this.lastWall = this.now()
    this.lastSelfCpu = this.cpuMicros()
    this.loop = new LoopDelayMonitor({ busy: () => (o.workerPids?.().length ?? 0) > 0, ...o.loopDelay })
  }

  /**
   * A scan burst is over: the write rate's window starts again at the next reading, so the burst's
   * writes stop counting as the steady rate (they stay in the counter). The engine's own /proc files
   * are read afresh then, so none of the burst's writes are left to show after the restart.
   */
  restartWriteRate(): void {
    this.rateRestart = true
    this.lastSelf = null
  }

  /** Stops the event-loop delay timer. */
  stop(): void {
    this.loop.stop()
  }

  read(): TreeUsage {
    const wall = this.now()
    const elapsedMs = wall - this.lastWall
    const selfCpu = this.cpuMicros()
    let cpuMs = (selfCpu - this.lastSelfCpu) / 1000
    this.lastWall = wall
    this.lastSelfCpu = selfCpu

    const pssSeen = new Map<number, { at: number; bytes: number }>()
    const selfPss = this.pss.get(this.pid)
    if (selfPss) pssSeen.set(this.pid, selfPss)
    if (this.lastSelf === null || wall - this.lastSelf.at >= (this.o.selfEveryMs ?? 5000)) {
      this.lastSelf = { at: wall, reading: this.readOne(this.pid, wall, pssSeen) }
    }
    const self = this.lastSelf.reading
    let rss = self?.rssBytes ?? process.memoryUsage.rss()
    let pss = self?.pssBytes ?? rss
    if (self?.writeBytes != null) {
      this.selfWrittenAtStart ??= self.writeBytes
      this.selfWritten = self.writeBytes - this.selfWrittenAtStart
    }
    const seen = new Map<number, { ticks: number; written: number }>()
    let processes = 1
    let liveWritten = 0
    for (const pid of this.o.workerPids?.() ?? []) {
      const w = this.readOne(pid, wall, pssSeen)
      if (w === null) continue
      processes++
      // A worker first seen now started after the last reading: all its CPU and writes are new.
      const before = this.workers.get(pid) ?? { ticks: 0, written: 0 }
      cpuMs += ((w.cpuTicks - before.ticks) / CLOCK_TICKS_PER_S) * 1000
      const written = w.writeBytes ?? before.written
      liveWritten += written
      seen.set(pid, { ticks: w.cpuTicks, written })
      rss += w.rssBytes
      pss += w.pssBytes
    }
    this.workers = seen
    this.pss = pssSeen
    // Linux adds a reaped child's I/O to its parent's own /proc/<pid>/io (wait_task_zombie), so a
    // worker's writes move from the live workers' sum into the engine's counter when it is reaped
    // (counting the exited worker's writes as well counted them twice: ~1.2 MB per worker, its compile
    // cache, read as 16 MB/h at rest). Between a worker's exit and its reap, or the engine's next own
    // reading, its writes are briefly in neither: the counter holds until they are back.
    this.written = Math.max(this.written, this.selfWritten + liveWritten)
    const total = this.written
    return {
      cpuPercent: elapsedMs > 0 ? Math.max(0, (cpuMs / elapsedMs) * 100) : 0,
      rssBytes: rss,
      pssBytes: pss,
      diskWrittenBytes: total,
      diskWrittenBytesPerHour: this.rate(wall, total),
      processes,
      eventLoopDelay: this.loop.read(),
    }
  }

  /** One process, with its PSS re-read only when the last one is older than `pssEveryMs`. */
  private readOne(pid: number, wall: number, pssSeen: Map<number, { at: number; bytes: number }>): ProcessReading | null {
    const cached = this.pss.get(pid)
    const stale = cached === undefined || wall - cached.at >= (this.o.pssEveryMs ?? 60_000)
    const r = readProcess(pid, this.root, stale)
    if (r === null) return null
    const kept = stale ? { at: wall, bytes: r.pssBytes } : cached!
    pssSeen.set(pid, kept)
    return { ...r, pssBytes: kept.bytes }
  }

  private rate(wall: number, total: number): number | null {
    const windowMs = this.o.windowMs ?? WRITE_RATE_WINDOW_MS
    if (this.rateRestart) this.history.length = 0
    this.rateRestart = false
    this.history.push({ t: wall, written: total })
    while (this.history.length > 2 && wall - this.history[1].t >= windowMs) this.history.shift()
    const first = this.history[0]
    const spanMs = wall - first.t
    return spanMs >= WRITE_RATE_MIN_SPAN_MS ? ((total - first.written) / spanMs) * 3_600_000 : null
  }
}
