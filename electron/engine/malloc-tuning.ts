// glibc's malloc, tuned for the long-running engine of `gapwatch serve` (issue 15: whole-tree PSS at
// rest ≤ 100 MB). By default glibc raises its mmap threshold each time an mmapped block is freed (up
// to 32 MB) and its trim threshold to twice that, so the blocks that start-up and the first-run scan
// allocate and free (module compilation, query results, IPC buffers) land in the brk heap and leave
// holes it never returns. With the threshold fixed at 32 KB those blocks get a mapping of their own,
// given back when freed: the engine's anonymous memory at rest 59–61 → 47–50 MiB beside the commit
// before, in the same run (bench/rest-memory.ts, 2 runs); CPU at rest the same (bench/overhead.ts:
// 0.20 % both). A fixed 128 KB threshold kept about half the gain; 16 KB, or fewer malloc arenas, or
// fewer V8/libuv threads added nothing measurable.
//
// Tunables are read once, when a process starts: `gapwatch serve` re-executes itself with them
// (cli/serve-reexec.ts: process.execve, same pid, skipped where it cannot work), then sets process.env
// back to the user's (untunedEnv), so no child (pool workers, nvidia-smi, Chromium) gets the tuning:
// only the engine was measured with it. Electron's main process allocates with Chromium's
// PartitionAlloc, not glibc: nothing to tune there.

export const MALLOC_TUNABLE = 'glibc.malloc.mmap_threshold=32768'
/** Set on the re-executed engine: the GLIBC_TUNABLES it had before ('' for none). */
export const MALLOC_TUNED_MARK = 'GAPWATCH_MALLOC_TUNED'

/**
 * The engine's environment with the tunable added, or null when there is nothing to do: already
 * re-executed, or the user chose an mmap threshold of their own in GLIBC_TUNABLES.
 */
export function tunedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv | null {
  if (env[MALLOC_TUNED_MARK] !== undefined) return null
  const own = env.GLIBC_TUNABLES ?? ''
  if (own.includes('glibc.malloc.mmap_threshold=')) return null
  // Ours first: glibc 2.36 cuts its copy in /proc/<pid>/environ at the first ':' (what a test can read).
  return { ...env, GLIBC_TUNABLES: own ? `${MALLOC_TUNABLE}:${own}` : MALLOC_TUNABLE, [MALLOC_TUNED_MARK]: own }
}

/** The environment as it was before tunedEnv (for child processes); `env` itself when it was never tuned. */
export function untunedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const own = env[MALLOC_TUNED_MARK]
  if (own === undefined) return env
  const { [MALLOC_TUNED_MARK]: _mark, GLIBC_TUNABLES: _tuned, ...rest } = env
  return own ? { ...rest, GLIBC_TUNABLES: own } : rest
}
