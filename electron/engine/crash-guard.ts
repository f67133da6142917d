// The last line of defence: process-wide `unhandledRejection` and `uncaughtException` handlers,
// installed by the hosts (the CLI in electron/cli/main.ts, Electron in electron/main/index.ts),
// never by the engine itself. Every handler and store write is meant to catch its own errors; this
// is for the ones that slip through, so a monitor does not vanish on a bug.
//
// What is safe to survive:
// - An unhandled rejection is logged (with its stack), counted and survived. It is the end of one
//   asynchronous operation that nobody awaited; the code that started it has already returned, so
//   the rest of the engine is in the state it was before (store writes are transactions, and a
//   failed one has rolled back).
// - An uncaught exception is thrown from a callback (a timer, an event, a socket) in a state nobody
//   expected, and may have left that part half-updated. One is logged and survived, because the
//   alternative, the monitor and its dashboard gone, is worse for the trader, and the engine's
//   parts are independent (a broken replay does not break sampling). But exceptions that repeat
//   (more than `maxUncaught` in `windowMs`, default 3 in a minute) mean something is broken for
//   good (a timer that throws every tick): then the shutdown hooks run (the engine flushes its
//   store and closes the database), bounded by `exitTimeoutMs`, and the process exits with 70
//   (EX_SOFTWARE), for a supervisor or the user to restart it clean. An exception while shutting
//   down exits at once.
export interface CrashGuardOptions {
  log?: (line: string) => void
  maxUncaught?: number
  windowMs?: number
  exitTimeoutMs?: number
  /** For tests and hosts with their own exit (Electron's app.exit). */
  exit?: (code: number) => void
  now?: () => number
}

export interface CrashGuard {
  readonly counts: { unhandledRejections: number; uncaughtExceptions: number }
  uninstall(): void
}

export const CRASH_EXIT_CODE = 70

const shutdownHooks = new Set<() => unknown>()

/** Registers work to do before a fatal exit (the engine: flush and close the store). */
export function onFatalExit(hook: () => unknown): () => void {
  shutdownHooks.add(hook)
  return () => shutdownHooks.delete(hook)
}

export function installCrashGuard(o: CrashGuardOptions = {}): CrashGuard {
  const log = o.log ?? ((line: string) => console.error(line))
  const now = o.now ?? Date.now
  const exit = o.exit ?? ((code: number) => process.exit(code))
  const maxUncaught = o.maxUncaught ?? 3
  const windowMs = o.windowMs ?? 60_000
  const counts = { unhandledRejections: 0, uncaughtExceptions: 0 }
  const recent: number[] = []
  let exiting = false

  const onRejection = (reason: unknown) => {
    counts.unhandledRejections++
    log(`gapwatch: unhandled promise rejection (#${counts.unhandledRejections}), survived: ${describe(reason)}`)
  }

  const onException = (err: unknown) => {
    counts.uncaughtExceptions++
    if (exiting) {
      log(`gapwatch: uncaught exception while shutting down, exiting now: ${describe(err)}`)
      return exit(CRASH_EXIT_CODE)
    }
    const t = now()
    recent.push(t)
    while (recent.length && recent[0] <= t - windowMs) recent.shift()
    if (recent.length <= maxUncaught) {
      log(`gapwatch: uncaught exception (#${counts.uncaughtExceptions}, ${recent.length} in the last ${windowMs / 1000}s), survived: ${describe(err)}`)
      return
    }
    exiting = true
    log(`gapwatch: uncaught exception (#${counts.uncaughtExceptions}): ${describe(err)}`)
    log(`gapwatch: ${recent.length} uncaught exceptions within ${windowMs / 1000}s: saving what is buffered and exiting with ${CRASH_EXIT_CODE}.`)
    void runShutdownHooks(o.exitTimeoutMs ?? 5000, log).finally(() => exit(CRASH_EXIT_CODE))
  }

  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  return {
    counts,
    uninstall() {
      process.off('unhandledRejection', onRejection)
      process.off('uncaughtException', onException)
    },
  }
}

async function runShutdownHooks(timeoutMs: number, log: (line: string) => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log(`gapwatch: shutdown took longer than ${timeoutMs} ms; exiting anyway.`)
      resolve()
    }, timeoutMs)
  })
  const hooks = Promise.allSettled([...shutdownHooks].map(async (hook) => hook())).then((results) => {
    for (const r of results) if (r.status === 'rejected') log(`gapwatch: shutdown step failed: ${describe(r.reason)}`)
  })
  await Promise.race([hooks, timeout])
  clearTimeout(timer)
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`
  try {
    return `a non-error value: ${JSON.stringify(err) ?? String(err)}`
  } catch {
    return `a non-error value: ${String(err)}`
  }
}
