// Process groups and top-N selection: pure helpers shared by the Linux and fallback collectors.
import type { RE2JS } from 're2js'
import type { ProcessGroup } from '../../../shared/sample.ts'
import { compileProcessPattern, MAX_MATCHED_COMMAND_CHARS, patternErrorMessage } from '../../../shared/settings.ts'

/** A user-defined group: `pattern` is a regular expression source (RE2 syntax, so matching takes
 * linear time whatever the pattern), matched case-insensitively against the process name and its
 * command line. */
export interface GroupSpec {
  name: string
  pattern: string
}

export interface CompiledGroup {
  name: string
  pattern: string
  re: RE2JS
  /** The run-time guard shared by the groups compiled together (see matchGroups). */
  guard: MatchGuard
  /** Matching time spent on this group in the current tick, ms, and the characters it read. */
  tickMs: number
  tickChars: number
  /** Set once the group has overrun its budget: it matches nothing for the rest of the run. */
  disabled: boolean
}

export interface GroupError {
  name: string
  pattern: string
  message: string
}

/**
 * Matching CPU time one group may take in one sampler tick, ms; past it the group is disabled for
 * the rest of the run with one warning. The static bounds in shared/settings.ts keep one match of
 * one group to a few ms; typical groups take microseconds per process, so this is reached only by a
 * pathological pattern (`(?:\pL|\d){100}z` costs ~6 ms per 1 KiB command line).
 *
 * Time is measured with the cheap wall clock per match; a group over budget by wall time is then
 * checked against the thread's CPU share since the tick began (process.threadCpuUsage, a few µs, so
 * read only then): on a loaded machine a preempted match is not the pattern's fault.
 */
export const GROUP_TICK_BUDGET_MS = 20
/**
 * …and only when it is also slow per character, past this many ms per 1,024 characters: typical
 * groups take ~0.02 ms per KiB (bench/groups.ts), the costliest the caps allow 2–6 ms. Without it a
 * machine with thousands of processes, or a benchmark matching back to back, would lose a plain group.
 */
export const SLOW_MS_PER_KIB = 1
/** Matching calls further apart than this belong to different ticks (ticks are ≥ 250 ms apart). */
export const TICK_GAP_MS = 100

export interface MatchGuardOptions {
  /** Receives the one warning per disabled group. */
  warn?: (message: string) => void
  /** The wall clock, ms (tests count steps with a fake one). */
  now?: () => number
  /** This thread's CPU time, ms. */
  cpu?: () => number
}

export interface MatchGuard {
  warn: (message: string) => void
  now: () => number
  cpu: () => number
  /** When the last matchGroups call ended (wall clock). */
  lastEnd: number
  /** Wall clock and thread CPU time when the current tick's first match began. */
  tickWall: number
  tickCpu: number
}

function threadCpuMs(): number {
  const u = process.threadCpuUsage()
  return (u.user + u.system) / 1000
}

const WARM_UP = `/usr/bin/python3 -m strategy --config /home/user/.config/${'x'.repeat(160)} --verbose`

export function compileGroups(specs: readonly GroupSpec[], opts: MatchGuardOptions = {}): { groups: CompiledGroup[]; errors: GroupError[] } {
  const guard: MatchGuard = {
    warn: opts.warn ?? (() => {}), now: opts.now ?? (() => performance.now()), cpu: opts.cpu ?? threadCpuMs,
    lastEnd: -Infinity, tickWall: 0, tickCpu: 0,
  }
  const groups: CompiledGroup[] = []
  const errors: GroupError[] = []
  for (const s of specs) {
    try {
      const re = compileProcessPattern(s.pattern)
      // A first match is several times slower than the next (lazily built matcher, cold code): run
      // it here, so that a tick's timing measures the pattern, not the warm-up.
      for (let k = 0; k < 3; k++) re.test(WARM_UP)
      groups.push({ name: s.name, pattern: s.pattern, re, guard, tickMs: 0, tickChars: 0, disabled: false })
    } catch (err) {
      errors.push({ name: s.name, pattern: s.pattern, message: patternErrorMessage(err) })
    }
  }
  return { groups, errors }
}

function disable(g: CompiledGroup, ms: number): void {
  g.disabled = true
  g.guard.warn(`process group "${g.name}": pattern "${g.pattern}" disabled for the rest of the run: matching it took ` +
    `${ms.toFixed(1)} ms of one sample (the budget is ${GROUP_TICK_BUDGET_MS} ms); simplify it in Settings`)
}

/**
 * Indices of the groups a process belongs to (a process may count in several groups). Only the first
 * MAX_MATCHED_COMMAND_CHARS of the command line are matched. Each group's matching time in a tick is
 * measured, and a group past GROUP_TICK_BUDGET_MS of CPU at more than SLOW_MS_PER_KIB is disabled
 * (see MatchGuard), so no pattern
 * can stall the engine's thread tick after tick.
 */
export function matchGroups(groups: readonly CompiledGroup[], name: string, command: string): number[] {
  const out: number[] = []
  if (groups.length === 0) return out
  const cmd = command.length > MAX_MATCHED_COMMAND_CHARS ? command.slice(0, MAX_MATCHED_COMMAND_CHARS) : command
  const guard = groups[0].guard
  let t = guard.now()
  if (t - guard.lastEnd > TICK_GAP_MS) {
    guard.tickWall = t
    guard.tickCpu = guard.cpu()
    for (const g of groups) {
      g.tickMs = 0
      g.tickChars = 0
    }
  }
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]
    if (g.disabled) continue
    if (g.re.test(name) || g.re.test(cmd)) out.push(i)
    const t2 = guard.now()
    g.tickMs += t2 - t
    g.tickChars += name.length + cmd.length
    t = t2
    if (g.tickMs > GROUP_TICK_BUDGET_MS && (g.tickMs / g.tickChars) * 1024 > SLOW_MS_PER_KIB) {
      // The share of the tick this thread actually ran: the rest of the wall time was not the pattern's.
      const share = Math.min(1, (guard.cpu() - guard.tickCpu) / Math.max(t - guard.tickWall, 1e-9))
      const ms = g.tickMs * share
      if (ms > GROUP_TICK_BUDGET_MS && (ms / g.tickChars) * 1024 > SLOW_MS_PER_KIB) disable(g, ms)
      else g.tickMs = ms
    }
  }
  guard.lastEnd = t
  return out
}

export function emptyGroups(groups: readonly CompiledGroup[]): ProcessGroup[] {
  return groups.map((g) => ({ name: g.name, pattern: g.pattern, count: 0, cpu: 0, rssBytes: 0, pssBytes: 0 }))
}

/** Adds one process into the group totals it matched (pssBytes: its RSS where PSS is not known). */
export function addToGroups(totals: ProcessGroup[], indices: readonly number[], cpu: number, rssBytes: number, pssBytes: number): void {
  // Indexed: called for every process of a scan, where for…of allocated an iterator each time.
  for (let k = 0; k < indices.length; k++) {
    const g = totals[indices[k]]
    g.count++
    g.cpu += cpu
    g.rssBytes += rssBytes
    g.pssBytes = (g.pssBytes ?? 0) + pssBytes
  }
}

/**
 * The `n` items with the highest score, best first; ties go to the lower pid. One pass with a small
 * sorted buffer: O(items × n), no full sort, no copy of the input.
 */
export function topN<T extends { pid: number }>(items: readonly T[], n: number, score: (item: T) => number): T[] {
  const top: T[] = []
  if (n <= 0) return top
  const better = (a: T, b: T): boolean => {
    const sa = score(a)
    const sb = score(b)
    return sa > sb || (sa === sb && a.pid < b.pid)
  }
  for (let k = 0; k < items.length; k++) {
    const item = items[k]
    if (top.length === n && !better(item, top[n - 1])) continue
    let i = top.length < n ? top.length : n - 1
    while (i > 0 && better(item, top[i - 1])) {
      top[i] = top[i - 1]
      i--
    }
    top[i] = item
  }
  return top
}
