// `gapwatch serve` runs its engine for months, so it starts it in a fresh process image when that
// saves memory for all that time (process.execve: the same pid, arguments and Node options; Linux
// with Node ≥ 22.15, elsewhere it runs on as it is):
// - glibc's malloc tuned for a long-running engine, which it reads only at start (engine/malloc-tuning.ts);
// - a cold compile cache (the first run after an install or an upgrade): Node stripped the TypeScript
//   of serve's modules with its type stripper (amaro, WebAssembly), which then stays loaded for the life
//   of the process: at rest, anonymous memory 53 → 48–49 MiB and the node binary's resident pages
//   57.9 → 52.2 MiB without it (same run, 2026-12, a serve with a cold cache kept against one started
//   again). Once serve's modules are loaded, the cache is written out and the engine starts again,
//   finding them compiled.
import module from 'node:module'
import { tunedEnv } from '../engine/malloc-tuning.ts'

/** Set on the engine started again after a cold compile cache (so it happens once). */
export const WARM_RESTART_MARK = 'GAPWATCH_WARM_RESTART'

function canExec(): boolean {
  return process.platform === 'linux' && typeof process.execve === 'function'
}

function execSelf(env: NodeJS.ProcessEnv): never {
  return process.execve!(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], env)
}

/** Before anything is loaded: starts again with the malloc tuning unless it is there (or the user chose their own). */
export function restartWithMallocTuning(): void {
  if (!canExec()) return
  const env = tunedEnv(process.env)
  if (env !== null) execSelf(env)
}

/** Whether this process has loaded Node's TypeScript stripper (it did not find every module compiled). */
export function typeStripperLoaded(): boolean {
  const list = (process as NodeJS.Process & { moduleLoadList?: string[] }).moduleLoadList ?? []
  return list.some((m) => m.includes('internal/deps/amaro'))
}

/** Once serve's modules are loaded, before the engine starts: starts again if the cache was cold. */
export function restartIfCacheWasCold(): void {
  if (!canExec() || process.env[WARM_RESTART_MARK] !== undefined || !typeStripperLoaded()) return
  if (!module.getCompileCacheDir?.()) return // no cache to write: starting again would strip it all again
  module.flushCompileCache?.()
  execSelf({ ...process.env, [WARM_RESTART_MARK]: '1' })
}
