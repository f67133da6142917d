// A group's CPU counts members that ended between two process scans, from their parents' cutime +
// cstime (attack review 2, finding 8: back-to-back 2 s workers under a shell read 0.25 cores for 0.93).
// A fake /proc of hand-written stat files: the scans' times and every tick are known.
import fs from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compileGroups } from '../../../../electron/engine/sampler/groups.ts'
import { ProcessCollector } from '../../../../electron/engine/sampler/linux/processes.ts'
import { tempDir } from '../../../helpers/temp.ts'
import { writeFakeProc, type FakeProc } from '../../../helpers/fake-proc.ts'
import { addReapedChildren } from '../../../../electron/engine/sampler/linux/reaped.ts'

type Proc = FakeProc

describe('group CPU of processes that ended between scans', () => {
  let dir = ''
  let t = 0
  beforeEach(() => {
    dir = tempDir('gw-reaped-')
    t = 0
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  const at = (procs: Proc[]): void => writeFakeProc(dir, procs)

  function collector(groups: { name: string; pattern: string }[]): ProcessCollector {
    const c = new ProcessCollector({ procRoot: dir, pageSize: 4096, clockTicks: 100, now: () => t, holdFds: false })
    c.setGroups(compileGroups(groups).groups)
    return c
  }

  const cpuOf = (c: ProcessCollector, name: string): number => c.collect().groups.find((g) => g.name === name)?.cpu ?? NaN

  const shell: Omit<Proc, 'ticks'> = { pid: 100, ppid: 1, argv: ['bash', 'short.sh'], start: 10 }
  const worker = (pid: number, ticks: number, start: number): Proc => ({ pid, ppid: 100, argv: ['python3', '-c', 'spin', 'attackshort'], ticks: [ticks, 0, 0, 0], start })

  it('counts the tail of a worker last seen alive and the whole of one no scan saw, under a parent outside the group', () => {
    const c = collector([{ name: 'short', pattern: 'attackshort' }])
    at([{ ...shell, ticks: [1, 0, 0, 0] }, worker(101, 50, 100)])
    expect(cpuOf(c, 'short')).toBe(0) // the first scan has no interval
    t = 5000
    // 101 ran 200 ticks in all (150 after the first scan), 102 ran 100 between the scans, and the shell
    // reaped both (cutime 300); 103 is running and has 80.
    at([{ ...shell, ticks: [1, 0, 250, 50] }, worker(103, 80, 400)])
    // 80 + (300 − 50 already counted) = 330 ticks over 5 s: 66 % of a core (the old count: 80, 16 %).
    expect(cpuOf(c, 'short')).toBeCloseTo(66, 9)
  })

  it('counts each tick of a member once: while alive from its deltas, after it ended from its parent', () => {
    const c = collector([{ name: 'algo', pattern: 'strategy' }])
    const parent = { pid: 200, ppid: 1, argv: ['python3', 'strategy.py'], start: 5 }
    const child = (ticks: number): Proc => ({ pid: 201, ppid: 200, argv: ['python3', 'strategy.py', '--worker'], ticks: [ticks, 0, 0, 0], start: 50 })
    at([{ ...parent, ticks: [0, 0, 0, 0] }, child(0)])
    c.collect()
    t = 5000
    at([{ ...parent, ticks: [0, 0, 0, 0] }, child(100)])
    const first = cpuOf(c, 'algo')
    t = 10_000
    at([{ ...parent, ticks: [0, 0, 150, 0] }])
    const second = cpuOf(c, 'algo')
    expect([first, second]).toEqual([20, 10]) // 100 then 50 ticks over 5 s: the child's 150 in all
  })

  it("counts a member's children outside the group that no scan saw as the member's work", () => {
    const c = collector([{ name: 'algo', pattern: 'strategy' }])
    const parent = (u: number, cu: number): Proc => ({ pid: 200, ppid: 1, argv: ['python3', 'strategy.py'], ticks: [u, 0, cu, 0], start: 5 })
    at([parent(10, 0)])
    c.collect()
    t = 5000
    at([parent(60, 40)]) // 50 of its own, 40 of helpers (curl, a compiler) reaped between the scans
    expect(cpuOf(c, 'algo')).toBe(18)
  })

  it('gives a parent outside the group no share when its children are of mixed kinds or none was seen', () => {
    const c = collector([{ name: 'short', pattern: 'attackshort' }])
    const other: Proc = { pid: 150, ppid: 100, argv: ['make', '-j2'], ticks: [30, 0, 0, 0], start: 120 }
    at([{ ...shell, ticks: [0, 0, 0, 0] }, worker(101, 50, 100), other])
    c.collect()
    t = 5000
    at([{ ...shell, ticks: [0, 0, 400, 0] }])
    expect(cpuOf(c, 'short')).toBe(0)
    t = 10_000
    at([{ ...shell, ticks: [0, 0, 700, 0] }])
    expect(cpuOf(c, 'short')).toBe(0)
  })
})

describe('group CPU of a member that ended under a wrapper that ended too', () => {
  let dir = ''
  let t = 0
  beforeEach(() => {
    dir = tempDir('gw-reaped-')
    t = 0
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  // A supervisor in the group starts `sh -c "python worker.py"` (subprocess shell=True, npm run): sh
  // reaps the worker, ends, and the supervisor reaps sh, so its cutime grows by the worker's whole life.
  const supervisor = (cu: number): FakeProc => ({ pid: 300, ppid: 1, argv: ['python3', 'supervisor.py', 'attackpy'], ticks: [0, 0, cu, 0], start: 5 })
  const sh: FakeProc = { pid: 301, ppid: 300, argv: ['sh', '-c', 'python3 worker.py'], ticks: [1, 0, 0, 0], start: 10 }
  const worker = (ticks: number): FakeProc => ({ pid: 302, ppid: 301, argv: ['python3', 'worker.py', 'attackpy'], ticks: [ticks, 0, 0, 0], start: 11 })

  it('counts only the ticks no scan saw: the worker counted while it ran is not added again from the supervisor', () => {
    const c = new ProcessCollector({ procRoot: dir, pageSize: 4096, clockTicks: 100, now: () => t, holdFds: false, cores: 12 })
    c.setGroups(compileGroups([{ name: 'py', pattern: 'attackpy' }]).groups)
    const cpu = (): number => c.collect().groups.find((g) => g.name === 'py')?.cpu ?? NaN
    writeFakeProc(dir, [supervisor(0), sh, worker(0)])
    cpu()
    t = 5000
    writeFakeProc(dir, [supervisor(0), sh, worker(500)])
    expect(cpu()).toBe(100) // 500 ticks over 5 s, counted from the worker's own deltas
    t = 10_000
    // The worker ran 100 more ticks after that scan (600 in all), sh 1: the supervisor's cutime is 601.
    writeFakeProc(dir, [supervisor(601)])
    expect(cpu()).toBeCloseTo(20, 9) // the 100-tick tail only; before: the 600 again, 120 %
  })

  it('adds at most every core for the whole interval from one parent', () => {
    const totals = [{ name: 'py', pattern: 'attackpy', count: 0, cpu: 0, rssBytes: 0 }]
    const row = { pid: 10, ppid: 1, starttime: 1, ticks: 0, childTicks: 1e6, childDelta: 1e6, scan: 2, groupsVersion: 1, groupIdx: [0] }
    addReapedChildren(totals, [row], [], 1, 100 / 100 / 5, 2) // a cutime grown by 10^6 ticks in a 5 s interval, on 2 cores
    expect(totals[0].cpu).toBe(200)
  })
})
