// One WorkerHost that others watch, instead of a wrapper each around the pool's host: the engine's
// whole-tree telemetry (live workers' pids), its memory release when the last worker has exited, the
// pool metrics' crash count, and `gapwatch scan`'s output turns all listen to the same workers
// through one list, composed where the host is made (engine.ts, cli/scan.ts).
import type { WorkerMessage } from './protocol.ts'
import type { WorkerHandle, WorkerHost } from './worker-host.ts'

/** What a listener hears of each worker the pool starts; `worker` is the handle the pool holds. */
export interface WorkerListener {
  /** A worker was started (before the pool has it). */
  spawned?(worker: WorkerHandle): void
  /** A message from a worker; return true to take it (the pool then never sees it). */
  message?(worker: WorkerHandle, m: WorkerMessage): boolean
  /**
   * A worker ended (once, before the pool hears of it): its exit code or signal, and whether the
   * pool asked (kill: idleness, a resize, a cancel, close) or it crashed.
   */
  exited?(worker: WorkerHandle, exit: { code: number | null; signal: string | null; asked: boolean }): void
}

export class ObservedHost implements WorkerHost {
  private readonly host: WorkerHost
  private readonly listeners: readonly WorkerListener[]
  private readonly live = new Set<WorkerHandle>()

  constructor(host: WorkerHost, listeners: readonly WorkerListener[]) {
    this.host = host
    this.listeners = listeners
  }

  /** The pids of the live workers, read at call time (a utilityProcess knows its pid only once it has spawned). */
  pids(): number[] {
    return [...this.live].map((h) => h.pid).filter((pid): pid is number => pid !== undefined)
  }

  spawn(): WorkerHandle {
    const inner = this.host.spawn()
    const poolListeners: Array<(m: WorkerMessage) => void> = []
    let asked = false
    const worker: WorkerHandle = {
      get pid() {
        return inner.pid
      },
      send: (m) => inner.send(m),
      onMessage: (l) => void poolListeners.push(l),
      onExit: (l) => inner.onExit(l),
      kill: () => {
        asked = true
        inner.kill()
      },
    }
    this.live.add(worker)
    inner.onMessage((m) => {
      for (const l of this.listeners) if (l.message?.(worker, m)) return
      for (const l of poolListeners) l(m)
    })
    let exited = false
    inner.onExit((code, signal) => {
      if (exited) return
      exited = true
      this.live.delete(worker)
      for (const l of this.listeners) l.exited?.(worker, { code, signal, asked })
    })
    for (const l of this.listeners) l.spawned?.(worker)
    return worker
  }
}

/**
 * A listener that calls `onAllExited` once each time the last live worker has exited: the pool's
 * idle exit or its close (the engine then gives memory back: engine/memory-release.ts). A crashed
 * worker that the pool replaces at once (in the same turn) does not count: the check waits for the
 * next turn of the event loop.
 */
export function whenAllExited(onAllExited: () => void): WorkerListener {
  let live = 0
  let checking = false
  const check = () => {
    checking = false
    if (live === 0) onAllExited()
  }
  return {
    spawned: () => void live++,
    exited: () => {
      live--
      if (live > 0 || checking) return
      checking = true
      setImmediate(check)
    },
  }
}
