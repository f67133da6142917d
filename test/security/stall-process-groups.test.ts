// RE2 is linear in the input, but its cost per byte grows with the program: under the old
// 2,000-instruction cap one match of `(?s:.){999}(?s:.){990}z` against a 4 KiB command line took
// 0.6–0.8 s, and 50 such groups froze the engine 23.5 s for every new process. Now: counted
// repetition ≤ 100, ≤ 400 instructions a pattern and ≤ 1,000 in all, the first 1 KiB of a command
// line matched, and a group over 20 ms of matching in one tick (at over 1 ms per KiB) is disabled
// with one warning.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import { openDatabase } from '../../electron/engine/store/database.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { compileGroups, GROUP_TICK_BUDGET_MS, matchGroups, SLOW_MS_PER_KIB, TICK_GAP_MS } from '../../electron/engine/sampler/groups.ts'
import {
  MAX_MATCHED_COMMAND_CHARS, MAX_PATTERN_PROGRAM, MAX_PATTERN_REPEAT, MAX_TOTAL_PATTERN_PROGRAM, SettingsSchema, defaultSettings,
} from '../../shared/settings.ts'
import { tempDir } from '../helpers/temp.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('process-group pattern bounds', () => {
  it('stored groups past the bounds (the reviewer\'s 50 slow groups) are reset at start with a warning', async () => {
    const dataDir = tempDir('gw-groups-')
    dirs.push(dataDir)
    const db = openDatabase(path.join(dataDir, 'gapwatch.db'))
    const stored = [
      ...Array.from({ length: 40 }, (_, i) => ({ name: `g${i}`, pattern: '(?s:.){999}(?s:.){990}z' })),
      ...Array.from({ length: 10 }, (_, i) => ({ name: `h${i}`, pattern: '(?:\\pL|\\d){100}z' })),
    ]
    db.prepare("INSERT INTO settings (key, value) VALUES ('settings', ?)").run(JSON.stringify({ ...defaultSettings, processGroups: stored }))
    db.close()
    const engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    try {
      expect(engine.startupWarnings.join('\n')).toMatch(/processGroups.*1030 RE2 instructions in all, the limit is 1000/)
      const settings = (await engine.call('getSettings', {})) as typeof defaultSettings
      expect(settings.processGroups).toEqual(defaultSettings.processGroups)
    } finally {
      await engine.stop()
    }
  })

  it('refuses the reviewer\'s patterns, naming group and pattern', () => {
    for (const pattern of ['(?s:.){999}(?s:.){990}z', '\\pL{1000}z', `x{${MAX_PATTERN_REPEAT + 1}}`, '(?:a{5,101})']) {
      const r = SettingsSchema.safeParse({ ...defaultSettings, processGroups: [{ name: 'evil', pattern }] })
      expect(r.success).toBe(false)
      expect(r.error!.issues[0].path.join('.')).toBe('processGroups.0.pattern')
      expect(r.error!.issues[0].message).toMatch(/^group "evil": pattern ".*" cannot be used: repeats \d+ times/)
    }
    const big = '(?:a.{99}|b.{99}|c.{99}|d.{99}|e.{99})'
    const r = SettingsSchema.safeParse({ ...defaultSettings, processGroups: [{ name: 'big', pattern: big }] })
    expect(r.error!.issues[0].message).toMatch(new RegExp(`too complex \\(\\d+ RE2 instructions, the limit is ${MAX_PATTERN_PROGRAM}\\)`))
    expect(SettingsSchema.safeParse({ ...defaultSettings, processGroups: [{ name: 'ok', pattern: 'x{100}' }] }).success).toBe(true)
  })

  it('refuses groups whose patterns together pass the total budget, naming the largest groups', () => {
    const pattern = '(?:\\pL|\\d){100}z' // 103 instructions: 9 fit in 1,000, 10 do not
    const groups = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `g${i}`, pattern }))
    expect(SettingsSchema.safeParse({ ...defaultSettings, processGroups: groups(9) }).success).toBe(true)
    const r = SettingsSchema.safeParse({ ...defaultSettings, processGroups: groups(10) })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([[
      'processGroups',
      `the process groups' patterns compile to 1030 RE2 instructions in all, the limit is ${MAX_TOTAL_PATTERN_PROGRAM} (largest: "g0" 103, "g1" 103, "g2" 103, "g3" 103, "g4" 103): simplify or remove some groups`,
    ]])
  })
})

describe('matching work', () => {
  it('matches only the first 1 KiB of a command line', () => {
    const { groups } = compileGroups([{ name: 'tail', pattern: 'needle' }])
    let seen = 0
    const test = groups[0].re.test.bind(groups[0].re)
    groups[0].re.test = (s: string) => {
      seen = Math.max(seen, s.length)
      return test(s)
    }
    expect(matchGroups(groups, 'x', `${'y'.repeat(4000)}needle`)).toEqual([])
    expect(seen).toBe(MAX_MATCHED_COMMAND_CHARS)
    expect(matchGroups(groups, 'x', `${'y'.repeat(1000)}needle`)).toEqual([0])
  })

  it('a group costing more than 20 ms in one tick is disabled for the run with one warning; the others go on', () => {
    // A fake clock: each match of the "slow" group costs 7 ms, every other one 0.01 ms; the thread
    // ran the whole time (CPU = wall). Steps are counted, not timed.
    let clock = 0
    const warnings: string[] = []
    const { groups } = compileGroups([{ name: 'slow', pattern: 'z$' }, { name: 'fast', pattern: 'node' }], {
      warn: (m) => warnings.push(m), now: () => clock, cpu: () => clock,
    })
    let slowCalls = 0
    const slowTest = groups[0].re.test.bind(groups[0].re)
    groups[0].re.test = (s: string) => {
      slowCalls++
      clock += 3.5
      return slowTest(s)
    }
    const fastTest = groups[1].re.test.bind(groups[1].re)
    groups[1].re.test = (s: string) => {
      clock += 0.01
      return fastTest(s)
    }
    // 20 new processes in one tick: "slow" is tried on the name and command of 3 (3 × 7 = 21 ms,
    // over the 20 ms budget), then skipped.
    expect(GROUP_TICK_BUDGET_MS).toBe(20)
    for (let p = 0; p < 20; p++) expect(matchGroups(groups, 'node', `node app${p}.js`)).toEqual([1])
    expect(slowCalls).toBe(6)
    expect(groups[0].disabled).toBe(true)
    expect(groups[1].disabled).toBe(false)
    expect(warnings).toEqual([
      'process group "slow": pattern "z$" disabled for the rest of the run: matching it took 21.0 ms of one sample (the budget is 20 ms); simplify it in Settings',
    ])
    // Later ticks: never tried again, no second warning.
    clock += TICK_GAP_MS + 1
    for (let p = 0; p < 20; p++) expect(matchGroups(groups, 'node', `node next${p}.js`)).toEqual([1])
    expect(slowCalls).toBe(6)
    expect(warnings).toHaveLength(1)
  })

  it('a group cheap per character is not disabled however many processes a tick matches', () => {
    let clock = 0
    const warnings: string[] = []
    const { groups } = compileGroups([{ name: 'plain', pattern: 'java' }], { warn: (m) => warnings.push(m), now: () => clock, cpu: () => clock })
    const test = groups[0].re.test.bind(groups[0].re)
    groups[0].re.test = (s: string) => {
      clock += 0.4 // 0.8 ms per process of ~1 KiB: under SLOW_MS_PER_KIB
      return test(s)
    }
    for (let p = 0; p < 100; p++) expect(matchGroups(groups, 'node', 'y'.repeat(4096))).toEqual([])
    expect(groups[0].tickMs).toBeGreaterThan(GROUP_TICK_BUDGET_MS)
    expect(SLOW_MS_PER_KIB).toBe(1)
    expect(groups[0].disabled).toBe(false)
    expect(warnings).toEqual([])
  })

  it('a preempted match (wall time the thread did not run) does not disable a group', () => {
    let wall = 0
    let cpu = 0
    const warnings: string[] = []
    const { groups } = compileGroups([{ name: 'ok', pattern: 'java' }], { warn: (m) => warnings.push(m), now: () => wall, cpu: () => cpu })
    const test = groups[0].re.test.bind(groups[0].re)
    groups[0].re.test = (s: string) => {
      wall += 15 // descheduled for most of it
      cpu += 1
      return test(s)
    }
    for (let p = 0; p < 10; p++) matchGroups(groups, 'java', 'java -jar x.jar')
    expect(groups[0].disabled).toBe(false)
    expect(warnings).toEqual([])
  })

  it('per tick, 9 of the costliest groups the caps allow and 20 new 4 KiB processes are bounded', () => {
    // The work is bounded by construction: every group is tried on at most 1 KiB + the name, and the
    // total program is at most MAX_TOTAL_PATTERN_PROGRAM instructions.
    const specs = Array.from({ length: 9 }, (_, i) => ({ name: `g${i}`, pattern: '(?:\\pL|\\d){100}z' }))
    const { groups, errors } = compileGroups(specs)
    expect(errors).toEqual([])
    const lengths: number[] = []
    for (const g of groups) {
      const test = g.re.test.bind(g.re)
      g.re.test = (s: string) => {
        lengths.push(s.length)
        return test(s)
      }
    }
    for (let p = 0; p < 20; p++) expect(matchGroups(groups, 'node', 'y'.repeat(4096 - p))).toEqual([])
    expect(Math.max(...lengths)).toBe(MAX_MATCHED_COMMAND_CHARS)
    const program = groups.reduce((t, g) => t + g.re.programSize(), 0)
    expect(program).toBeLessThanOrEqual(MAX_TOTAL_PATTERN_PROGRAM)
    expect(lengths.reduce((t, n) => t + n, 0)).toBeLessThanOrEqual(20 * 9 * (MAX_MATCHED_COMMAND_CHARS + 4))
  })
})
