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
// A process that ended under a parent that ended too (a worker under `sh -c`, itself reaped by a
// supervisor) reaches the nearest live parent's cutime through every link between them: its counted
// ticks are subtracted there, found by walking ppid through the processes gone (review finding 3:
// they were not, and a 60 s worker's whole life was added again at once, 1200 % in one 5 s scan).
// As a guard, what one parent adds is at most every core for the whole interval: no more can have
// run since the last scan.
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

/** The nearest live parent of a gone process, through gone parents (each started before its child); undefined if there is none. */
function liveAncestor(e: ReapInfo, parents: ReadonlyMap<number, Parent>, goneByPid: ReadonlyMap<number, ReapInfo>): Parent | undefined {
  let child = e
  for (let hops = 0; hops <= goneByPid.size; hops++) {
    const p = parents.get(child.ppid)
    if (p !== undefined) return p.row.starttime > child.starttime ? undefined : p // else another process with the parent's pid
    const up = goneByPid.get(child.ppid)
    if (up === undefined || up === child || up.starttime > child.starttime) return undefined
    child = up
  }
  return undefined
}

/**
 * Adds to each group the CPU, as a percent of one core, of its members' children reaped since the
 * last scan and not counted by it. `rows` are the processes of this scan; `gone` those seen at the
 * last one and not now (pid reuse included); `percentPerTick` = 100 / CLK_TCK / seconds between scans;
 * `cores` the machine's: one parent adds at most 100 × cores.
 */
export function addReapedChildren(
  totals: ProcessGroup[],
  rows: readonly ReapInfo[],
  gone: readonly ReapInfo[],
  groupsVersion: number,
  percentPerTick: number,
  cores: number,
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
  let goneByPid: Map<number, ReapInfo> | null = null
  for (let k = 0; k < gone.length; k++) {
    const e = gone[k]
    const p = parents.get(e.ppid)
    if (p !== undefined) {
      if (p.row.starttime > e.starttime) continue // another process with the parent's pid
      p.known += e.ticks + e.childTicks
      p.groups = intersect(p.groups, groupsOf(e))
      continue
    }
    if (goneByPid === null) {
      goneByPid = new Map()
      for (let j = 0; j < gone.length; j++) goneByPid.set(gone[j].pid, gone[j])
    }
    const q = liveAncestor(e, parents, goneByPid) // under a parent that ended too
    if (q !== undefined) q.known += e.ticks + e.childTicks
  }
  const most = 100 * cores
  parents.forEach((p) => {
    const unseen = p.row.childDelta - p.known
    if (unseen <= 0) return
    const own = groupsOf(p.row)
    const target = own.length > 0 ? own : (p.groups ?? NONE)
    const added = Math.min(unseen * percentPerTick, most)
    for (let k = 0; k < target.length; k++) totals[target[k]].cpu += added
  })
}
