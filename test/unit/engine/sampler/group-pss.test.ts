// A group's memory counts a page its members share once: PSS from /proc/PID/smaps_rollup beside the
// summed RSS (attack review 2, finding 9: a forked pool of 9 sharing 400 MB showed 3.87 GB of RSS for
// 0.43 GB of PSS). A fake /proc: every page is known.
import fs from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compileGroups } from '../../../../electron/engine/sampler/groups.ts'
import { PSS_REFRESH_MS, ProcessCollector } from '../../../../electron/engine/sampler/linux/processes.ts'
import { tempDir } from '../../../helpers/temp.ts'
import { writeFakeProc, type FakeProc } from '../../../helpers/fake-proc.ts'

const PAGE = 4096

describe('group memory', () => {
  let dir = ''
  beforeEach(() => {
    dir = tempDir('gw-group-pss-')
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("sums the members' PSS (RSS for one whose smaps_rollup cannot be read) and keeps their summed RSS apart", () => {
    // A parent that touched 400 MB and forked 8 children sharing it copy-on-write: each maps all of
    // it (RSS 400 MB), each owns a ninth of it (PSS 44.4 MB).
    const shared = 102_400 // pages: 400 MiB
    const member = (pid: number, ppid: number): FakeProc => ({ pid, ppid, argv: ['python3', 'fork.py', 'attackfork'], ticks: [1, 0, 0, 0], start: 100 + pid, rssPages: shared, rollupKb: { rss: shared * 4, pss: Math.round((shared * 4) / 9) } })
    const procs = [member(500, 1), ...Array.from({ length: 8 }, (_, k) => member(501 + k, 500))]
    // Another user's member: its smaps_rollup is not readable, so its RSS stands in.
    procs.push({ pid: 600, ppid: 1, argv: ['attackfork-helper'], ticks: [0, 0, 0, 0], start: 700, rssPages: 1000 })
    procs.push({ pid: 700, ppid: 1, argv: ['bash'], ticks: [0, 0, 0, 0], start: 800, rssPages: 5000, rollupKb: { rss: 20_000, pss: 20_000 } })
    writeFakeProc(dir, procs)
    const c = new ProcessCollector({ procRoot: dir, pageSize: PAGE, clockTicks: 100, now: () => 0, holdFds: false })
    c.setGroups(compileGroups([{ name: 'fork', pattern: 'attackfork' }]).groups)
    const p = c.collect()
    const pss = 9 * Math.round((shared * 4) / 9) * 1024 + 1000 * PAGE
    expect(p.groups).toEqual([{ name: 'fork', pattern: 'attackfork', count: 10, cpu: 0, rssBytes: (9 * shared + 1000) * PAGE, pssBytes: pss }])
  })

  it('reads PSS on a member\'s first scan and every PSS_REFRESH_MS, following its RSS in proportion in between', () => {
    let t = 0
    const proc = (rssPages: number, pssKb: number): FakeProc => ({ pid: 800, ppid: 1, argv: ['attackfork'], ticks: [0, 0, 0, 0], start: 5, rssPages, rollupKb: { rss: rssPages * 4, pss: pssKb } })
    const c = new ProcessCollector({ procRoot: dir, pageSize: PAGE, clockTicks: 100, now: () => t, holdFds: false })
    c.setGroups(compileGroups([{ name: 'fork', pattern: 'attackfork' }]).groups)
    const pss = (): number | undefined => c.collect().groups[0].pssBytes
    writeFakeProc(dir, [proc(1000, 1000)]) // PSS a quarter of RSS
    expect(pss()).toBe(1000 * 1024)
    t = 5000
    writeFakeProc(dir, [proc(2000, 4000)]) // RSS doubled, and now it shares nothing: not read yet
    expect(pss()).toBe(2000 * 1024)
    t = PSS_REFRESH_MS
    expect(pss()).toBe(4000 * 1024)
  })
})
