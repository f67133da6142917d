// What the engine does once a scan burst is over, in one place:
// - the write rate ("written/h", shared/write-rate.ts) starts a new window when the scanner's pool
//   has no job queued or running any more after a busy period that ran a scan (Scanner's
//   onScansDone), so the burst's writes (the first-run scan's, an import's) are not read as the steady
//   rate for the next ten minutes. A period that only parsed a file for a chart's candles is no burst:
//   restarting then kept the window short for whoever opens charts often. Not at the workers' exit:
//   with workerIdleSec 0 they never exit, and by default they wait 60 s after the last job;
// - memory goes back to the system (memory-release.ts) once the pool's last worker has exited
//   (pool/observed-host.ts whenAllExited), at the end of the next sample's handling or quiet check,
//   so the GC's pause (70–330 ms under load) takes from the idle rest of a sample interval;
// - the start is a burst too: loading the modules, the inventory and the history's warm-up grow V8's
//   young generation (~12 MiB more at rest, measured on a restart), and with no scan after it nothing
//   released that. So once START_SETTLE_MS have passed after the start, memory is released the same
//   way, unless a worker was started by then (its exit releases, as above).
import { whenAllExited, type WorkerListener } from './pool/observed-host.ts'

/** How long after the start its own release waits: past the start's asynchronous work (reports, cost). */
export const START_SETTLE_MS = 10_000

export interface ScanBurstOptions {
  /** Starts the write rate's window again (SelfMonitor.restartWriteRate). */
  restartWriteRate: () => void
  /** The memory-reducing GC (memory-release.ts reduceMemory, or a test's). */
  release: () => void
  /** True once the engine has stopped: nothing more is done. */
  stopped: () => boolean
}

export class ScanBurst {
  private releaseDue = false
  /** When the start's release is due (performance.now()); null: none pending. */
  private startReleaseAt: number | null = null
  /** For the engine's ObservedHost: marks the release due when the last worker has exited. */
  readonly workers: WorkerListener
  private readonly o: ScanBurstOptions

  constructor(o: ScanBurstOptions) {
    this.o = o
    const exited = whenAllExited(() => {
      if (!o.stopped()) this.releaseDue = true
    })
    this.workers = {
      spawned: (w) => {
        this.startReleaseAt = null // the workers' exit releases
        exited.spawned?.(w)
      },
      exited: (w, how) => exited.exited?.(w, how),
    }
  }

  /** The engine has started: its own release is due START_SETTLE_MS later, unless a worker starts first. */
  started(now = performance.now()): void {
    this.startReleaseAt = now + START_SETTLE_MS
  }

  /** The pool has no job queued or running after a busy period that ran a scan (Scanner's onScansDone). */
  scansDone(): void {
    if (!this.o.stopped()) this.o.restartWriteRate()
  }

  /** At the end of a sample's handling, or of a quiet check: the memory release, if due. */
  releaseIfDue(now = performance.now()): void {
    if (this.startReleaseAt !== null && now >= this.startReleaseAt) {
      this.startReleaseAt = null
      this.releaseDue = true
    }
    if (!this.releaseDue || this.o.stopped()) return
    this.releaseDue = false
    this.o.release()
  }
}
