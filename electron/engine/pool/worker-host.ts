// How the pool starts worker processes: `utilityProcess.fork` in Electron (electron/main), and
// `child_process.fork` under Node (`gapwatch serve`, `gapwatch scan`, tests) — implemented here.
import { fork } from 'node:child_process'
import module from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { HostMessage, WorkerMessage } from './protocol.ts'
import { lowerWorkerPriority } from './worker-priority.ts'

export interface WorkerHandle {
  readonly pid: number | undefined
  send(message: HostMessage): void
  onMessage(listener: (message: WorkerMessage) => void): void
  /** Called once when the process ends: its exit code, or the signal that ended it. */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(): void
}

export interface WorkerHost {
  spawn(): WorkerHandle
}

/** Workers by default: one per core but one, which the engine's (or the CLI's) thread keeps. */
export function defaultPoolSize(): number {
  return Math.max(1, (os.availableParallelism?.() ?? os.cpus().length) - 1)
}

export const workerEntry = fileURLToPath(new URL('../../worker/index.ts', import.meta.url))

/**
 * Workers as Node child processes, with structured-clone IPC so typed arrays come back intact, at
 * the lower priority of worker-priority.ts (`niceness: null` leaves them at the host's: a bench's baseline).
 * `outputFd`: the caller's output (gapwatch scan's --out file or standard output), shared with each
 * worker as its OUTPUT_FD for streamed parts (output-turn.ts).
 */
export function nodeWorkerHost(entry = workerEntry, o: { niceness?: number | null; outputFd?: number } = {}): WorkerHost {
  return {
    spawn(): WorkerHandle {
      const child = fork(entry, [], {
        serialization: 'advanced',
        env: workerEnv(),
        stdio: o.outputFd === undefined ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc', o.outputFd],
        execArgv: process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'],
      })
      // A message sent to a worker that has just died fails with EPIPE; its exit reports the death
      // (the pool retries the job), so the error must not end the host as an unhandled one.
      child.on('error', () => {})
      if (o.niceness !== null) lowerWorkerPriority(child.pid, { niceness: o.niceness })
      return {
        pid: child.pid,
        send: (m) => void child.send(m),
        onMessage: (l) => void child.on('message', (m) => l(m as WorkerMessage)),
        onExit: (l) => void child.once('exit', (code, signal) => l(code, signal)),
        kill: () => void child.kill('SIGKILL'),
      }
    },
  }
}

/**
 * The workers share the host's compile cache (bin/gapwatch.js turns it on; a forked process does
 * not inherit it), and write their own modules to it as they load them (worker-loop.ts
 * persistCompileCache): a worker then starts in ~60 ms of CPU instead of ~280 ms
 * (bench/fvg/worker-start.ts). `dir` is module.getCompileCacheDir(): the folder Node made for its
 * version inside the cache folder it was given; the worker gets the folder given, else it would make
 * its own version folder inside the host's and share none of its entries.
 */
export function workerEnv(
  env: NodeJS.ProcessEnv = process.env, // the user's: serve takes its malloc tuning out of process.env once it runs (cli/serve-reexec.ts)
  dir = module.getCompileCacheDir?.(),
): NodeJS.ProcessEnv {
  if (!dir || env.NODE_COMPILE_CACHE) return env
  const versioned = path.basename(dir).startsWith(`v${process.versions.node}-${process.arch}-`)
  return { ...env, NODE_COMPILE_CACHE: versioned ? path.dirname(dir) : dir }
}

/**
 * Workers forked ahead of the pool, so their start-up (Node and the job modules: ~60 ms of CPU
 * each from the compile cache, ~280 ms without) overlaps the caller's own (gapwatch scan forks
 * them before loading its modules).
 * `spawn()` hands them out first, then forks as usual; `dispose()` ends those never handed out.
 */
export function prestartedHost(host: WorkerHost, count: number): WorkerHost & { dispose(): void } {
  const ready = Array.from({ length: count }, () => replayingExit(host.spawn()))
  return {
    spawn: () => ready.shift() ?? host.spawn(),
    dispose: () => {
      for (const h of ready.splice(0)) h.kill()
    },
  }
}

/** A handle that tells a late exit listener about an exit that came before it listened. */
function replayingExit(h: WorkerHandle): WorkerHandle {
  let exited: [number | null, string | null] | null = null
  const listeners: Array<(code: number | null, signal: string | null) => void> = []
  h.onExit((code, signal) => {
    exited = [code, signal]
    for (const l of listeners) l(code, signal)
  })
  return {
    get pid() {
      return h.pid
    },
    send: (m) => h.send(m),
    onMessage: (l) => h.onMessage(l),
    onExit: (l) => {
      const e = exited
      if (e) queueMicrotask(() => l(e[0], e[1]))
      else listeners.push(l)
    },
    kill: () => h.kill(),
  }
}
