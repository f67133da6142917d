// The CPU of group members that ended between two process scans. A scan counts a process's CPU as
// the growth of its utime + stime since the last scan that saw it, so the work a process did after
// that scan, and the whole of one that lived between two scans, were lost: back-to-back 2 s workers
// under a shell read 0.25 cores for 0.93 used (attack review 2, finding 8).
//
// What /proc keeps of them: when a parent reaps (waits for) a child, the kernel adds the child's
// utime + stime and its own cutime + cstime to the parent's cutime + cstime. So the growth of a
// parent's cutime + cstime between two scans is the whole CPU of the children it reaped meanwhile.
// Less what the scans had already counted of the children last seen alive (their ticks and
// reaped ticks at that scan), the rest is what no scan saw: their tails and the children no scan saw.
// That rest goes to the parent's own groups when it is a member (a member's children are its work),
// else to the groups every child of the parent seen at this scan or the last belongs to (a shell or
// a supervisor that starts one kind of worker); with no child seen, or children of mixed kinds, it
// goes nowhere. Not counted: children reaped by another process than their parent (orphans reaped
// by init or a subreaper), children of a parent that ignores SIGCHLD (the kernel reaps them and adds
// nothing), and a parent that ended too (its parent's growth holds it, with the same rules).
import type { ProcessGroup } from '../../../../shared/sample.ts'

/** What this accounting reads of a process alive at this scan or seen at the last one. */
export interface ReapInfo {
  pid: number
  ppid: number
  starttime: number
  /** utime + stime and cutime + cstime at the last scan that saw it (this one when alive). */
  ticks: number
  childTicks: number
  /** Growth of childTicks since the previous scan (0 on a process's first scan after the first). */
  childDelta: number
  scan: number
  groupsVersion: number
  groupIdx: number[]
}

interface Parent {
  row: ReapInfo
  /** Ticks of its children gone since the last scan that the scans had counted already. */
  known: number
  /** Groups shared by every child seen (null: none seen). */
  groups: number[] | null
}

const NONE: number[] = []

function intersect(a: number[] | null, b: readonly number[]): number[] {
  return a === null ? [...b] : a.filter((i) => b.includes(i))
}

/**
 * Adds to each group the CPU, as a percent of one core, of its members' children reaped since the
 * last scan and not counted by it. `rows` are the processes of this scan; `gone` those seen at the
 * last one and not now (pid reuse included); `percentPerTick` = 100 / CLK_TCK / seconds between scans.
 */
export function addReapedChildren(
  totals: ProcessGroup[],
  rows: readonly ReapInfo[],
  gone: readonly ReapInfo[],
  groupsVersion: number,
  percentPerTick: number,
): void {
  let parents: Map<number, Parent> | null = null
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]
    if (r.childDelta > 0) (parents ??= new Map()).set(r.pid, { row: r, known: 0, groups: null })
  }
  if (parents === null) return
  const groupsOf = (e: ReapInfo): readonly number[] => (e.groupsVersion === groupsVersion ? e.groupIdx : NONE)
  for (let k = 0; k < rows.length; k++) {
    const p = parents.get(rows[k].ppid)
    if (p !== undefined && p.row !== rows[k]) p.groups = intersect(p.groups, groupsOf(rows[k]))
  }
  for (let k = 0; k < gone.length; k++) {
    const e = gone[k]
    const p = parents.get(e.ppid)
    if (p === undefined || p.row.starttime > e.starttime) continue // another process with the parent's pid
    p.known += e.ticks + e.childTicks
    p.groups = intersect(p.groups, groupsOf(e))
  }
  parents.forEach((p) => {
    const unseen = p.row.childDelta - p.known
    if (unseen <= 0) return
    const own = groupsOf(p.row)
    const target = own.length > 0 ? own : (p.groups ?? NONE)
    for (let k = 0; k < target.length; k++) totals[target[k]].cpu += unseen * percentPerTick
  })
}
