// Process-group patterns are user regexes run over every command line on the engine's thread.
// `^(.+)+!$` on a backtracking engine froze the engine for good (and again after a restart, since the
// pattern is stored): patterns now run on RE2 (linear time), and what RE2 cannot run is refused.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import { openDatabase } from '../../electron/engine/store/database.ts'
import { defaultSettings, SettingsSchema } from '../../shared/settings.ts'
import type { ProcessGroup } from '../../shared/sample.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { tempDir } from '../helpers/temp.ts'

const child = path.resolve(import.meta.dirname, '../fixtures/security/engine-child.ts')
const dirs: string[] = []
const children: ChildProcess[] = []


afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** Stores settings as a previous version (or a hand edit) left them, bypassing validation. */
function storeSettings(dataDir: string, processGroups: unknown): void {
  const db = openDatabase(path.join(dataDir, 'gapwatch.db'))
  db.prepare("INSERT INTO settings (key, value) VALUES ('settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .run(JSON.stringify({ ...defaultSettings, processGroups }))
  db.close()
}

interface FirstSample {
  groups: ProcessGroup[]
  warnings: string[]
}

/** Starts an engine process on `dataDir` and resolves with its first sample's report. */
function startEngine(dataDir: string): Promise<{ proc: ChildProcess; first: FirstSample }> {
  const proc = spawn(process.execPath, [child, dataDir, NO_GPU], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(proc)
  let out = ''
  let err = ''
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((resolve, reject) => {
    // A frozen engine never prints: fail with a message rather than by the test's own timeout.
    const timer = setTimeout(() => reject(new Error(`the engine sent no sample within 20 s (frozen?) ${err}`)), 20_000)
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the engine exited with ${code}: ${err}`))
    })
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl === -1) return
      clearTimeout(timer)
      proc.removeAllListeners('exit')
      resolve({ proc, first: JSON.parse(out.slice(0, nl)) as FirstSample })
    })
  })
}

function terminate(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    proc.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
    proc.kill('SIGTERM')
  })
}

describe('process-group patterns', () => {
  it('setSettings refuses a pattern RE2 cannot run, naming the field, the group and the pattern', async () => {
    const engine = new Engine({ dataDir: tempDir('gw-patterns-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    try {
      const before = await engine.call('getSettings', {})
      await expect(engine.call('setSettings', { processGroups: [{ name: 'algo', pattern: 'python(?=.*strategy)' }] }))
        .rejects.toThrow(/processGroups\.0\.pattern: group "algo": pattern "python\(\?=\.\*strategy\)" cannot be used: .*\(\?=/)
      await expect(engine.call('setSettings', { processGroups: [{ name: 'ok', pattern: 'java' }, { name: 'twice', pattern: '(a)\\1' }] }))
        .rejects.toThrow(/processGroups\.1\.pattern: group "twice".*invalid escape sequence/)
      expect(await engine.call('getSettings', {})).toEqual(before)
      // The catastrophic pattern itself is valid RE2, so it is accepted: it just cannot stall.
      const next = (await engine.call('setSettings', { processGroups: [{ name: 'evil', pattern: '^(.+)+!$' }] })) as typeof defaultSettings
      expect(next.processGroups).toEqual([{ name: 'evil', pattern: '^(.+)+!$' }])
    } finally {
      await engine.stop()
    }
  })

  it('the shared schema (which the Settings form also runs) puts the error on the pattern field', () => {
    const r = SettingsSchema.safeParse({ ...defaultSettings, processGroups: [{ name: 'ok', pattern: 'java' }, { name: 'look', pattern: '(?<!x)y' }] })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['processGroups.1.pattern', expect.stringMatching(/^group "look": pattern "\(\?<!x\)y" cannot be used: .+ \(RE2 syntax: no backreferences or lookaround\)$/)],
    ])
  })

  it('an engine whose stored settings hold ^(.+)+!$ starts, samples and answers SIGTERM', async () => {
    const dataDir = tempDir('gw-patterns-')
    // Its own command line (~80 characters, no "!") is what froze a backtracking engine.
    storeSettings(dataDir, [{ name: 'evil', pattern: '^(.+)+!$' }, { name: 'node', pattern: 'engine-child' }])
    const { proc, first } = await startEngine(dataDir)
    expect(first.groups.map((g) => g.name)).toEqual(['evil', 'node'])
    expect(first.groups[0].count).toBe(0)
    expect(first.groups[1].count).toBeGreaterThanOrEqual(1)
    expect(await terminate(proc)).toBe(0)
  })

  it('a stored pattern RE2 cannot compile is a start-up warning naming it; the engine starts normally', async () => {
    const dataDir = tempDir('gw-patterns-')
    storeSettings(dataDir, [{ name: 'ahead', pattern: 'java(?=x)' }])
    const { proc, first } = await startEngine(dataDir)
    expect(first.warnings.join('\n')).toMatch(/processGroups\.0\.pattern: group "ahead": pattern "java\(\?=x\)" cannot be used/)
    // With no usable group left, the field falls back to its default (as for any stored setting that no longer validates).
    expect(first.groups.map((g) => g.name)).toEqual(defaultSettings.processGroups.map((g) => g.name))
    expect(await terminate(proc)).toBe(0)
  })

  it('one bad stored pattern among good ones drops only that group', async () => {
    const dataDir = tempDir('gw-patterns-')
    storeSettings(dataDir, [{ name: 'node', pattern: 'engine-child' }, { name: 'ahead', pattern: 'java(?=x)' }, { name: 'mt5', pattern: 'terminal64' }])
    const { proc, first } = await startEngine(dataDir)
    expect(first.warnings.join('\n')).toMatch(/processGroups\.1\.pattern: group "ahead"/)
    expect(first.groups.map((g) => g.name)).toEqual(['node', 'mt5'])
    expect(await terminate(proc)).toBe(0)
  })
})
