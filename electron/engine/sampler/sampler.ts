// The Sampler: one tick every `intervalMs`, never overlapping. Each tick runs the collectors one after
// the other, times each (telemetry.collectorsMs) and emits one `sample`. Processes are refreshed every
// `processesEveryMs` (5 s) and filesystems every `filesystemsEveryMs` (60 s); only those ticks carry
// them. A collector that throws is reported once as a `warning` (again only after it has recovered
// and failed anew) and its part of the sample is zeros/empty.
//
// Cadence: ticks sit on a grid anchored at start(): next = previous planned start + interval, so
// timer lateness does not accumulate. The next tick is armed only when the current one ends; a tick
// that overruns skips the grid slots it covered instead of firing back-to-back.
import { Emitter } from '../../../shared/emitter.ts'
import type { Sample } from '../../../shared/sample.ts'
import { createSiCollectors } from './fallback.ts'
import { NvidiaSmiSupervisor } from './gpu/supervisor.ts'
import type { NvidiaSmiOptions } from './gpu/supervisor.ts'
import { compileGroups } from './groups.ts'
import type { GroupSpec } from './groups.ts'
import { createProcCollectors } from './linux/collectors.ts'
import { ZERO } from './types.ts'
import type { Capabilities, CollectorName, GpuStatus, HostCollectors } from './types.ts'

export const MIN_INTERVAL_MS = 250
export const MAX_INTERVAL_MS = 60_000

export type SamplerEvents = {
  sample: Sample
  /** A human-readable warning (collector failure, invalid group pattern, GPU lost…). */
  warning: string
  /** Sent when what can be sampled changes (e.g. nvidia-smi found missing). */
  capabilities: Capabilities
}

export interface SamplerOptions {
  /** Default 1000, valid 250–60000. */
  intervalMs?: number
  /** Root of procfs (Linux); tests point it at fixtures. Default '/proc'. */
  procRoot?: string
  processesEveryMs?: number
  filesystemsEveryMs?: number
  /** Size of the top-CPU and top-memory lists. Default 15. */
  topN?: number
  groups?: readonly GroupSpec[]
  /** nvidia-smi supervisor options, or false to not monitor GPUs. */
  gpu?: false | NvidiaSmiOptions
  /** Replaces the platform's host collectors (tests, other sources). */
  collectors?: HostCollectors
  /** Default process.platform: 'linux' reads /proc, anything else uses systeminformation. */
  platform?: NodeJS.Platform
  /** The time a sample is stamped with, epoch ms (default Date.now; the engine's SteadyClock holds off wall clock steps). */
  now?: () => number
}

export function validateInterval(ms: number): number {
  if (!Number.isFinite(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new RangeError(`sample interval must be ${MIN_INTERVAL_MS}–${MAX_INTERVAL_MS} ms, got ${ms}`)
  }
  return ms
}

/** The next grid slot after `due` that is not in the past. */
export function nextDue(due: number, now: number, intervalMs: number): number {
  const next = due + intervalMs
  return next >= now ? next : next + Math.ceil((now - next) / intervalMs) * intervalMs
}

export class Sampler extends Emitter<SamplerEvents> {
  /** Ticks run and grid slots skipped because a tick overran. */
  readonly stats = { ticks: 0, skipped: 0 }
  private intervalMs: number
  private readonly processesEveryMs: number
  private readonly filesystemsEveryMs: number
  private readonly collectors: HostCollectors
  private readonly gpu: NvidiaSmiSupervisor | null
  private gpuStatus: GpuStatus
  private running = false
  private timer: NodeJS.Timeout | null = null
  private inflight: Promise<Sample> | null = null
  private due = 0
  private lastDue: number | null = null
  private lastProcessesAt: number | null = null
  private lastFilesystemsAt: number | null = null
  private readonly failing = new Set<string>()
  private pendingWarnings: string[] = []
  /** Paused by the user (pause()): stopped like stop(), but the collectors stay open for resume(). */
  private paused = false
  private pausing: Promise<void> | null = null
  private readonly now: () => number

  constructor(o: SamplerOptions = {}) {
    super()
    this.intervalMs = validateInterval(o.intervalMs ?? 1000)
    this.processesEveryMs = o.processesEveryMs ?? 5000
    this.now = o.now ?? Date.now
    this.filesystemsEveryMs = o.filesystemsEveryMs ?? 60_000
    const platform = o.platform ?? process.platform
    this.collectors =
      o.collectors ??
      (platform === 'linux'
        ? createProcCollectors({ procRoot: o.procRoot, topN: o.topN, prime: o.procRoot === undefined })
        : createSiCollectors({ topN: o.topN }))
    if (o.gpu === false) {
      this.gpu = null
      this.gpuStatus = { available: false, reason: 'GPU monitoring disabled' }
    } else {
      this.gpu = new NvidiaSmiSupervisor({
        ...o.gpu,
        intervalMs: this.intervalMs,
        onWarning: (w) => this.warn(w.message),
        onStatus: (s) => {
          this.gpuStatus = s
          this.safeEmit('capabilities', this.capabilities)
        },
      })
      this.gpuStatus = this.gpu.gpuStatus
    }
    this.setGroups(o.groups ?? [])
  }

  get interval(): number {
    return this.intervalMs
  }

  get isRunning(): boolean {
    return this.running
  }

  get capabilities(): Capabilities {
    return { gpuAvailable: this.gpuStatus.available, gpuReason: this.gpuStatus.reason, source: this.collectors.source }
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.flushPendingWarnings()
    this.gpu?.start()
    this.due = performance.now()
    this.arm()
  }

  /** Stops ticking; resolves once the tick in flight (if any) has ended and nvidia-smi has exited. */
  async stop(): Promise<void> {
    this.running = false
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    try {
      await this.inflight
    } catch {
      // reported by the tick itself
    }
    await this.gpu?.stop()
    this.collectors.close()
  }

  get isPaused(): boolean {
    return this.paused
  }

  /** Stops ticking until resume(): the tick in flight ends, nvidia-smi exits, the collectors stay open. */
  async pause(): Promise<void> {
    if (!this.running) return this.pausing ?? undefined
    this.running = false
    this.paused = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    const inflight = this.inflight
    this.pausing = (async () => {
      try {
        await inflight
      } catch {
        // reported by the tick itself
      }
      await this.gpu?.stop()
    })()
    return this.pausing
  }

  /** Ticks again after pause(), on a new grid starting now. */
  async resume(): Promise<void> {
    if (!this.paused) return
    this.paused = false
    await this.pausing
    this.pausing = null
    if (!this.paused) this.start()
  }

  /** Changes the period at runtime (250–60000 ms); the next tick moves to the new grid. */
  setInterval(ms: number): void {
    validateInterval(ms)
    if (ms === this.intervalMs) return
    this.intervalMs = ms
    this.gpu?.setIntervalMs(ms)
    if (this.running && this.timer !== null && this.lastDue !== null) {
      clearTimeout(this.timer)
      this.timer = null
      this.due = nextDue(this.lastDue, performance.now(), ms)
      this.arm()
    }
  }

  /** Replaces the process groups; an invalid pattern is reported as a warning and ignored. */
  setGroups(specs: readonly GroupSpec[]): void {
    const { groups, errors } = compileGroups(specs, { warn: (m) => this.warn(m) })
    for (const e of errors) {
      this.warn(`process group "${e.name}": invalid pattern "${e.pattern}" (${e.message}); group ignored`)
    }
    this.collectors.setGroups(groups)
  }

  /** One tick on demand, while the loop is not running (benchmarks, tests). Emits it too. */
  async sampleOnce(): Promise<Sample> {
    if (this.running) throw new Error('sampleOnce() is for a stopped sampler')
    this.flushPendingWarnings()
    return this.tick()
  }

  private arm(): void {
    this.timer = setTimeout(() => void this.run(), Math.max(0, this.due - performance.now()))
  }

  private async run(): Promise<void> {
    this.timer = null
    if (!this.running) return
    this.lastDue = this.due
    this.inflight = this.tick()
    try {
      await this.inflight
    } catch (err) {
      this.warn(`sampler tick failed: ${message(err)}`)
    } finally {
      this.inflight = null
    }
    if (!this.running) return
    const now = performance.now()
    const next = nextDue(this.due, now, this.intervalMs)
    this.stats.skipped += Math.round((next - this.due) / this.intervalMs) - 1
    this.due = next
    this.arm()
  }

  private async tick(): Promise<Sample> {
    const start = performance.now()
    const t = this.now()
    this.stats.ticks++
    const ms: Record<string, number> = {}
    const c = this.collectors
    // The /proc collectors are synchronous: awaited only when one returns a promise (systeminformation),
    // so a Linux tick runs to its end without a promise or a microtask hop per collector.
    const cpuR = this.timed('cpu', ms, () => c.cpu(), ZERO.cpu)
    const cpu = cpuR instanceof Promise ? await cpuR : cpuR
    const memoryR = this.timed('memory', ms, () => c.memory(), ZERO.memory)
    const memory = memoryR instanceof Promise ? await memoryR : memoryR
    const diskR = this.timed('disk', ms, () => c.disk(), ZERO.disk)
    const disk = diskR instanceof Promise ? await diskR : diskR
    const networkR = this.timed('network', ms, () => c.network(), ZERO.network)
    const network = networkR instanceof Promise ? await networkR : networkR
    const gpusR = this.timed('gpu', ms, () => this.gpu?.gpus() ?? [], () => [])
    const gpus = gpusR instanceof Promise ? await gpusR : gpusR
    const sample: Sample = { t, cpu, memory, disk, network, gpus, telemetry: { collectorsMs: ms, tickMs: 0 } }
    // A slack of half an interval keeps a 5 s refresh on every 5th tick at 1 Hz despite timer jitter.
    const slack = this.intervalMs / 2
    if (this.lastProcessesAt === null || start - this.lastProcessesAt >= this.processesEveryMs - slack) {
      this.lastProcessesAt = start
      const r = this.timed('processes', ms, () => c.processes(), ZERO.processes)
      sample.processes = r instanceof Promise ? await r : r
    }
    if (this.lastFilesystemsAt === null || start - this.lastFilesystemsAt >= this.filesystemsEveryMs - slack) {
      this.lastFilesystemsAt = start
      const r = this.timed('filesystems', ms, () => c.filesystems(), () => [])
      sample.filesystems = r instanceof Promise ? await r : r
    }
    sample.telemetry.tickMs = performance.now() - start
    this.safeEmit('sample', sample)
    return sample
  }

  /**
   * Runs one collector and records its wall time in `ms`; a failure (thrown or rejected) is reported
   * and gives `zero()`. A synchronous collector's value comes back as it is, an async one's as a promise.
   */
  private timed<T>(name: CollectorName, ms: Record<string, number>, fn: () => T | Promise<T>, zero: () => T): T | Promise<T> {
    const t0 = performance.now()
    let v: T | Promise<T>
    try {
      v = fn()
    } catch (err) {
      return this.failed(name, ms, t0, err, zero)
    }
    if (v instanceof Promise) return v.then((r) => this.done(name, ms, t0, r), (err: unknown) => this.failed(name, ms, t0, err, zero))
    return this.done(name, ms, t0, v)
  }

  private done<T>(name: CollectorName, ms: Record<string, number>, t0: number, value: T): T {
    ms[name] = performance.now() - t0
    this.failing.delete(name)
    return value
  }

  /** A failed collector: reported once (again only after it has recovered), and zeros in the sample. */
  private failed<T>(name: CollectorName, ms: Record<string, number>, t0: number, err: unknown, zero: () => T): T {
    ms[name] = performance.now() - t0
    if (!this.failing.has(name)) {
      this.failing.add(name)
      this.warn(`${name} collector failed: ${message(err)}; reporting zeros until it recovers`)
    }
    return zero()
  }

  private warn(text: string): void {
    if (!this.running && this.listenerCount('warning') === 0) this.pendingWarnings.push(text)
    else this.safeEmit('warning', text)
  }

  private flushPendingWarnings(): void {
    const pending = this.pendingWarnings
    this.pendingWarnings = []
    for (const w of pending) this.safeEmit('warning', w)
  }

  /** A throwing listener must not break the loop: it is reported as a warning instead. */
  private safeEmit<E extends keyof SamplerEvents>(event: E, payload: SamplerEvents[E]): void {
    try {
      this.emit(event, payload)
    } catch (err) {
      if (event !== 'warning') this.safeEmit('warning', `a "${event}" listener threw: ${message(err)}`)
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
