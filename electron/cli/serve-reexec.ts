// `gapwatch serve` runs its engine for months, so it starts it once more, before anything else is
// loaded, with glibc's malloc tuned for a long-running process (engine/malloc-tuning.ts): glibc reads
// its tunables only when a process starts. process.execve keeps the pid, arguments and Node options.
//
// A failed execve aborts the process (Node 24: "process.execve failed with error code …", SIGABRT,
// no catch runs), so the exec is only tried when it can work, and skipped (serve runs on untuned) when:
// - GAPWATCH_NO_REEXEC=1 (README, next to serve): for a policy that denies exec, or to compare;
// - not Linux, or no process.execve (Node < 22.15);
// - the C library is not glibc (musl/Alpine): GLIBC_TUNABLES does nothing there;
// - the node binary is not executable any more (replaced during an upgrade), or the arguments and
//   environment come near the smallest ARG_MAX Linux has (E2BIG).
// Once the tuned image runs, process.env is the user's again, so every child (pool workers,
// nvidia-smi, systeminformation's helpers, Chromium for reports) gets the user's environment.
import { fs } from '../engine/builtins.ts'
import module from 'node:module'
import { tunedEnv, untunedEnv, MALLOC_TUNED_MARK } from '../engine/malloc-tuning.ts'

/** Set on an image re-executed because its start loaded the type stripper (restartIfTypeStripperLoaded). */
export const RECOMPILED_MARK = 'GAPWATCH_RECOMPILED'
/** process.moduleLoadList's entry for Node's TypeScript stripper (amaro). */
export const TYPE_STRIPPER_MODULE = 'NativeModule internal/deps/amaro/dist/index'
/** Set to 1 to keep serve from re-executing itself with the malloc tuning. */
export const NO_REEXEC_ENV = 'GAPWATCH_NO_REEXEC'
/** Under the smallest ARG_MAX Linux gives (32 pages, 128 KiB), whatever the stack limit. */
export const EXEC_BYTES_MAX = 100 * 1024

/** What the exec decision depends on (injected by tests). */
export interface ExecFacts {
  platform: NodeJS.Platform
  hasExecve: boolean
  /** glibc's version at run time; undefined for another C library. */
  glibc: string | undefined
  execPath: string
  argv: readonly string[]
}

/** The environment to re-execute with, or why not (null env). */
export function tuningExec(env: NodeJS.ProcessEnv, facts: ExecFacts): { env: NodeJS.ProcessEnv | null; skip?: string } {
  if (env[NO_REEXEC_ENV] === '1') return { env: null, skip: `${NO_REEXEC_ENV}=1` }
  if (facts.platform !== 'linux' || !facts.hasExecve) return { env: null, skip: 'no process.execve' }
  if (facts.glibc === undefined) return { env: null, skip: 'not glibc' }
  const tuned = tunedEnv(env)
  if (tuned === null) return { env: null, skip: 'tuned already' }
  const why = execWontWork(facts.execPath, facts.argv, tuned)
  return why === null ? { env: tuned } : { env: null, skip: why }
}

/** Why an execve of `file` with `argv` and `env` would fail, as far as can be seen before; null if none. */
export function execWontWork(file: string, argv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  try {
    if (!fs.statSync(file).isFile()) return `${file} is not a file`
    fs.accessSync(file, fs.constants.X_OK)
  } catch (err) {
    return `${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`
  }
  // Each string with its NUL and its pointer, as the kernel counts them.
  const strings = [...argv, ...Object.entries(env).map(([k, v]) => `${k}=${v ?? ''}`)]
  const bytes = strings.reduce((n, s) => n + Buffer.byteLength(s) + 1 + 8, 0)
  return bytes > EXEC_BYTES_MAX ? `arguments and environment of ${bytes} bytes` : null
}

function glibcVersion(): string | undefined {
  // No network look-ups in this report (Node ≥ 20.13; not in every @types/node); the user's setting back after.
  const report = process.report as { excludeNetwork?: boolean }
  const before = report.excludeNetwork
  report.excludeNetwork = true
  try {
    return (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime
  } finally {
    report.excludeNetwork = before
  }
}

/**
 * Before anything is loaded: in the tuned image, gives process.env back to the user; otherwise
 * re-executes with the tuning when that can work. Never returns when it re-executes.
 */
export function restartWithMallocTuning(): void {
  if (process.env[MALLOC_TUNED_MARK] !== undefined) {
    tunedImage = true
    recompiled = process.env[RECOMPILED_MARK] !== undefined
    return restoreUserEnv()
  }
  const argv = ownArgv()
  const facts: ExecFacts = { platform: process.platform, hasExecve: typeof process.execve === 'function', glibc: undefined, execPath: process.execPath, argv }
  // The report (a few ms) only where an exec is possible at all.
  if (facts.platform === 'linux' && facts.hasExecve && process.env[NO_REEXEC_ENV] !== '1') facts.glibc = glibcVersion()
  const { env } = tuningExec(process.env, facts)
  if (env === null) return
  module.flushCompileCache?.() // what this image compiled (cli/main.ts and its imports) is not lost
  process.execve!(process.execPath, argv, env)
}

let tunedImage = false
let recompiled = false

const ownArgv = () => [process.execPath, ...process.execArgv, ...process.argv.slice(1)]

/**
 * Node strips the engine's TypeScript with its type stripper (amaro, ~10 MiB) for every module not in
 * the compile cache (bin/gapwatch.js): on the first start after an install or an upgrade, or after
 * /tmp was emptied (a reboot, a service's private /tmp). Once loaded it stays for the process's life,
 * and serve would run for months 10 MiB bigger than from a warm cache (bench/rest-memory.ts). So when
 * the tuned image's modules loaded it, this saves what they compiled and starts the image once more,
 * before the engine has opened anything; that one finds them all in the cache. Once only (the mark,
 * taken out of process.env like the tuning's), so a cache that cannot be written costs one more start,
 * not a loop. Call it once serve's modules are loaded.
 */
export function restartIfTypeStripperLoaded(): void {
  if (!tunedImage || recompiled) return
  const loaded = (process as { moduleLoadList?: readonly string[] }).moduleLoadList
  if (!loaded?.includes(TYPE_STRIPPER_MODULE) || module.getCompileCacheDir?.() === undefined) return
  const env = tunedEnv(process.env)
  if (env === null) return
  env[RECOMPILED_MARK] = '1'
  const argv = ownArgv()
  if (execWontWork(process.execPath, argv, env) !== null) return
  module.flushCompileCache?.()
  process.execve!(process.execPath, argv, env)
}

/** Sets process.env to the environment the user started serve with (glibc has read its tunables). */
function restoreUserEnv(): void {
  delete process.env[RECOMPILED_MARK]
  const user = untunedEnv(process.env)
  for (const k of Object.keys(process.env)) if (!(k in user)) delete process.env[k]
  for (const [k, v] of Object.entries(user)) if (v !== undefined) process.env[k] = v
}
