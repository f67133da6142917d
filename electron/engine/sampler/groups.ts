// Process groups and top-N selection: pure helpers shared by the Linux and fallback collectors.
import type { RE2JS } from 're2js'
import type { ProcessGroup } from '../../../shared/sample.ts'
import { compileProcessPattern, patternErrorMessage } from '../../../shared/settings.ts'

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
}

export interface GroupError {
  name: string
  pattern: string
  message: string
}

export function compileGroups(specs: readonly GroupSpec[]): { groups: CompiledGroup[]; errors: GroupError[] } {
  const groups: CompiledGroup[] = []
  const errors: GroupError[] = []
  for (const s of specs) {
    try {
      groups.push({ name: s.name, pattern: s.pattern, re: compileProcessPattern(s.pattern) })
    } catch (err) {
      errors.push({ name: s.name, pattern: s.pattern, message: patternErrorMessage(err) })
    }
  }
  return { groups, errors }
}

/** Indices of the groups a process belongs to (a process may count in several groups). */
export function matchGroups(groups: readonly CompiledGroup[], name: string, command: string): number[] {
  const out: number[] = []
  for (let i = 0; i < groups.length; i++) {
    const re = groups[i].re
    if (re.test(name) || re.test(command)) out.push(i)
  }
  return out
}

export function emptyGroups(groups: readonly CompiledGroup[]): ProcessGroup[] {
  return groups.map((g) => ({ name: g.name, pattern: g.pattern, count: 0, cpu: 0, rssBytes: 0 }))
}

/** Adds one process into the group totals it matched. */
export function addToGroups(totals: ProcessGroup[], indices: readonly number[], cpu: number, rssBytes: number): void {
  for (const i of indices) {
    const g = totals[i]
    g.count++
    g.cpu += cpu
    g.rssBytes += rssBytes
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
  for (const item of items) {
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
