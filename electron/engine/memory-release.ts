// Memory back to the system once a scan burst is over. A scan makes V8 grow the engine's heap (its
// young generation up to 2 × 16 MB semi-spaces, pages kept pooled for reuse), and V8 shrinks it again
// only when allocation picks up or a memory-reducing GC runs: at 1 Hz sampling that took minutes,
// and the first-run scan's growth was still there at rest. So when the pool's last worker exits (its
// idle exit, the workerIdleSec setting after the last job; pool/observed-host.ts whenAllExited tells),
// the engine asks V8 once for the GC it runs under memory pressure ('last-resort': every space
// compacted and shrunk, pooled pages freed), at the end of the next sample's handling (scan-burst.ts
// releaseIfDue: the pause, 70–330 ms under load, falls in the idle rest of a sample interval). A start
// that starts no worker (a restart) grows the young generation as well: it is released 10 s after it.
// Measured on `gapwatch serve` (`node bench/rest-memory.ts`, with --restart for the second case).
//
// Node and Electron give JS no memory-pressure call; V8's gc() extension does, and it is installed
// only in a context created while --expose-gc is set: a private one here, so no global gc() appears.
// Setting V8 flags at run time is allowed for this one (the semi-space limit, by contrast, is read at
// start and ignored later: measured). If it is unavailable, nothing is released and nothing fails.
import v8 from 'node:v8'
import vm from 'node:vm'

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void

let gcFn: Gc | null | undefined

function gc(): Gc | null {
  if (gcFn !== undefined) return gcFn
  try {
    v8.setFlagsFromString('--expose-gc')
    const fn: unknown = vm.runInNewContext('gc')
    gcFn = typeof fn === 'function' ? (fn as Gc) : null
  } catch {
    gcFn = null
  } finally {
    v8.setFlagsFromString('--no-expose-gc') // contexts made later (vm, workers) get no gc()
  }
  return gcFn
}

/** Runs V8's memory-reducing full GC now. Returns false when this runtime offers none. */
export function reduceMemory(): boolean {
  const fn = gc()
  if (!fn) return false
  fn({ type: 'major', execution: 'sync', flavor: 'last-resort' })
  return true
}
