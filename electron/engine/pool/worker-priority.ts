// Pool workers are batch work: they must never compete for a core with the trader's platform or with
// the engine's own thread (issue 13: with both cores busy scanning, the engine's thread waited for a
// core, its event loop 50 ms late though it ran only ~15 ms between timer turns). So each worker runs
// at a lower scheduling priority, set by its host right after spawning it (Node: child_process.fork,
// Electron: utilityProcess once its pid is known). On a quiet machine they still get every idle core.
//
// Linux keeps the nice value per thread (setpriority(PRIO_PROCESS, pid) changes the thread whose id is
// pid): threads created later inherit their creator's value, but those that already run (Electron's
// utility process has several by its 'spawn' event) are reniced one by one through /proc/<pid>/task.
// A worker that cannot be reniced still works: the failure is reported once per process, never fatal.
import { fs } from '../builtins.ts'
import os from 'node:os'

/** The niceness of pool workers (0 normal … 19 lowest priority; Windows: below normal). */
export const WORKER_NICENESS = 10

export interface PriorityOptions {
  /** Target niceness; default WORKER_NICENESS. */
  niceness?: number
  /** Where a failure is reported (once per process); default console.warn. */
  warn?: (message: string) => void
}

let warned = false

/** The thread ids of a Linux process (its main thread first), or just its pid elsewhere. */
function threadsOf(pid: number): number[] {
  if (process.platform !== 'linux') return [pid]
  try {
    const tids = fs.readdirSync(`/proc/${pid}/task`).map(Number).filter((t) => t !== pid)
    return [pid, ...tids]
  } catch {
    return [pid]
  }
}

/**
 * Lowers a worker process's scheduling priority to `niceness`, or keeps the host's own if that is
 * already lower (an unprivileged process cannot raise a priority). Returns whether it was applied.
 */
export function lowerWorkerPriority(pid: number | undefined, o: PriorityOptions = {}): boolean {
  if (pid === undefined) return false
  const niceness = Math.max(o.niceness ?? WORKER_NICENESS, ownNiceness())
  try {
    // The main thread first: threads it starts from now on inherit the value.
    os.setPriority(pid, niceness)
    for (const tid of threadsOf(pid).slice(1)) {
      try {
        os.setPriority(tid, niceness)
      } catch {
        // a thread that ended meanwhile
      }
    }
    return true
  } catch (err) {
    if (!warned) {
      warned = true
      ;(o.warn ?? console.warn)(`Could not lower the scheduling priority of scanner worker ${pid} to niceness ${niceness}: ${(err as Error).message}. Workers run at normal priority.`)
    }
    return false
  }
}

function ownNiceness(): number {
  try {
    return os.getPriority()
  } catch {
    return 0
  }
}
