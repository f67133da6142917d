// Keeps ONE long-running `nvidia-smi … -lms <interval>` child and parses its stdout as a stream; the
// GPU collector only returns the latest readings (no fork per tick).
//
// - Missing binary (ENOENT/EACCES): GPUs unavailable, never spawned again.
// - "No devices were found", driver/NVML failure: unavailable; retried after `unavailableRetryMs`
//   (default 10 min, 0 = never) in case a driver gets loaded.
// - Any other exit, or no output for `stallMs`: restarted with exponential backoff (1 s doubling to
//   a 60 s cap); a run that lasted `healthyAfterMs` resets the backoff. Readings are cleared while
//   the child is down, so stale values are never reported as current.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import type { Gpu } from '../../../../shared/sample.ts'
import type { GpuStatus, SamplerWarning } from '../types.ts'
import { LineSplitter, NvidiaSmiStream, QUERY_FIELDS, parseSmiLine } from './parser.ts'
import type { SmiLine } from './parser.ts'
import { nvidiaSmiMissing } from './reason.ts'

export function defaultNvidiaSmiArgs(intervalMs: number): string[] {
  return [`--query-gpu=${QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits', '-lms', String(Math.round(intervalMs))]
}

export interface NvidiaSmiOptions {
  /** Executable; default 'nvidia-smi' (looked up in PATH). */
  command?: string
  /** Arguments for a sampling period; default defaultNvidiaSmiArgs. */
  args?: (intervalMs: number) => string[]
  intervalMs?: number
  backoffInitialMs?: number
  backoffMaxMs?: number
  healthyAfterMs?: number
  unavailableRetryMs?: number
  /** No output for this long means nvidia-smi hangs: it is killed and restarted. */
  stallMs?: number
  onWarning?: (w: SamplerWarning) => void
  onStatus?: (s: GpuStatus) => void
}

export class NvidiaSmiSupervisor {
  /** How many times a child was spawned (tests watch the backoff with it). */
  spawnCount = 0
  /** The delays chosen for the restarts, in order. */
  readonly restartDelays: number[] = []
  private status: GpuStatus = { available: null, reason: 'nvidia-smi not started' }
  private readonly command: string
  private readonly args: (intervalMs: number) => string[]
  private intervalMs: number
  private readonly backoffInitialMs: number
  private readonly backoffMaxMs: number
  private readonly healthyAfterMs: number
  private readonly unavailableRetryMs: number
  private readonly stallMs: number | undefined
  private readonly onWarning: ((w: SamplerWarning) => void) | undefined
  private readonly onStatus: ((s: GpuStatus) => void) | undefined
  private child: ChildProcess | null = null
  private closed: Promise<void> = Promise.resolve()
  private stream: NvidiaSmiStream | null = null
  private timer: NodeJS.Timeout | null = null
  private running = false
  private failures = 0
  private startedAt = 0
  private lastOutputAt = 0
  private respawnNow = false
  private readonly warned = new Set<string>()

  constructor(o: NvidiaSmiOptions = {}) {
    this.command = o.command ?? 'nvidia-smi'
    this.args = o.args ?? defaultNvidiaSmiArgs
    this.intervalMs = o.intervalMs ?? 1000
    this.backoffInitialMs = o.backoffInitialMs ?? 1000
    this.backoffMaxMs = o.backoffMaxMs ?? 60_000
    this.healthyAfterMs = o.healthyAfterMs ?? 60_000
    this.unavailableRetryMs = o.unavailableRetryMs ?? 600_000
    this.stallMs = o.stallMs
    this.onWarning = o.onWarning
    this.onStatus = o.onStatus
  }

  get gpuStatus(): GpuStatus {
    return this.status
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.spawnChild()
  }

  async stop(): Promise<void> {
    this.running = false
    this.respawnNow = false
    this.clearTimer()
    const child = this.child
    if (child === null) return
    child.kill('SIGTERM')
    const force = setTimeout(() => child.kill('SIGKILL'), 2000)
    await this.closed
    clearTimeout(force)
  }

  /** New sampling period: the child is restarted with the new `-lms` (not counted as a failure). */
  setIntervalMs(ms: number): void {
    if (ms === this.intervalMs) return
    this.intervalMs = ms
    if (this.child !== null) {
      this.respawnNow = true
      this.child.kill('SIGTERM')
    }
  }

  /** Latest reading of each GPU; also the stall watchdog (called every tick). */
  gpus(): Gpu[] {
    const stallMs = this.stallMs ?? Math.max(15_000, 5 * this.intervalMs)
    if (this.child !== null && performance.now() - this.lastOutputAt > stallMs) {
      this.warnOnce('gpu-stalled', `nvidia-smi printed nothing for ${Math.round(stallMs / 1000)} s; restarting it`)
      this.child.kill('SIGKILL')
    }
    return this.stream?.gpus() ?? []
  }

  private spawnChild(): void {
    this.clearTimer()
    if (!this.running) return
    this.spawnCount++
    this.startedAt = performance.now()
    this.lastOutputAt = this.startedAt
    let fatal: string | null = null
    let spawnError: NodeJS.ErrnoException | null = null
    const onLine = (l: SmiLine): void => {
      if (l.kind === 'fatal') {
        // Normally nvidia-smi exits by itself after such a message; make sure it does.
        fatal ??= l.message
        child.kill('SIGTERM')
      } else {
        this.line(l)
      }
    }
    const stream = new NvidiaSmiStream(onLine)
    this.stream = stream
    const child = spawn(this.command, this.args(this.intervalMs), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
    this.child = child
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      this.lastOutputAt = performance.now()
      stream.feed(chunk)
    })
    const errLines = new LineSplitter()
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      errLines.push(chunk, (raw) => {
        const l = parseSmiLine(raw)
        if (l?.kind === 'fatal' || l?.kind === 'lost') onLine(l)
      })
    })
    this.closed = new Promise((resolve) => {
      child.on('error', (err: NodeJS.ErrnoException) => {
        spawnError = err
      })
      child.on('close', (code, signal) => {
        stream.end()
        stream.clear()
        if (this.child === child) this.child = null
        this.onClose(spawnError, fatal, code, signal)
        resolve()
      })
    })
  }

  private onClose(spawnError: NodeJS.ErrnoException | null, fatal: string | null, code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.running) return
    if (spawnError !== null && (spawnError.code === 'ENOENT' || spawnError.code === 'EACCES')) {
      // No nvidia-smi on this machine: nothing to retry.
      this.setStatus({ available: false, reason: nvidiaSmiMissing(this.command, spawnError.code) })
      this.running = false
      return
    }
    if (fatal !== null) {
      this.setStatus({ available: false, reason: fatal })
      if (this.unavailableRetryMs > 0) this.schedule(this.unavailableRetryMs)
      else this.running = false
      return
    }
    if (this.respawnNow) {
      this.respawnNow = false
      this.spawnChild()
      return
    }
    if (performance.now() - this.startedAt >= this.healthyAfterMs) this.failures = 0
    const delay = Math.min(this.backoffMaxMs, this.backoffInitialMs * 2 ** this.failures)
    this.failures++
    this.restartDelays.push(delay)
    const why = spawnError !== null ? spawnError.message : signal !== null ? `signal ${signal}` : `exit code ${String(code)}`
    if (this.failures === 1) this.warn('gpu-crashed', `nvidia-smi stopped (${why}); restarting with backoff`)
    this.schedule(delay)
  }

  private line(l: SmiLine): void {
    if (l.kind === 'reading') {
      if (this.status.available !== true) this.setStatus({ available: true, reason: null })
    } else if (l.kind === 'lost') {
      this.warnOnce(`gpu-lost:${l.busId ?? l.message}`, l.message, 'gpu-lost')
    }
  }

  private schedule(ms: number): void {
    this.clearTimer()
    this.timer = setTimeout(() => this.spawnChild(), ms)
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private setStatus(s: GpuStatus): void {
    if (s.available === this.status.available && s.reason === this.status.reason) return
    this.status = s
    this.onStatus?.(s)
  }

  private warn(code: string, message: string): void {
    this.onWarning?.({ code, source: 'gpu', message })
  }

  private warnOnce(key: string, message: string, code = key): void {
    if (this.warned.has(key)) return
    this.warned.add(key)
    this.warn(code, message)
  }
}
