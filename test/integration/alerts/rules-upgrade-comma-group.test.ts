// An upgrade onto a data directory whose rules name a process group with a comma ("py,thon"): a
// group's name may no longer hold one (Settings refuses it: metric lists are split on it), but a
// rules file accepted before must keep every rule. Such a rule stays valid; it reads a group that can
// no longer be configured and gets the no-process-group warning (review finding 2). Before: the file
// and the kept last good rules both failed the metric check, and the start replaced every rule by
// the defaults. A client's save of a new rule on such a group is refused (it could never see data);
// a save that keeps the stored rule's metric (disabling it, another threshold) is not.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { LAST_GOOD, LAST_GOOD_SOURCE, hashOf, lastGoodSource } from '../../../electron/engine/alerts/rules-repo.ts'
import type { Rule } from '../../../shared/alerts.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { tempDir } from '../../helpers/temp.ts'

const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop()
})

function engineIn(dir: string, version: string): Engine {
  const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU, version })
  engines.push(e)
  return e
}
async function stop(e: Engine): Promise<void> {
  await e.stop()
  engines.splice(engines.indexOf(e), 1)
}
const names = async (e: Engine) => ((await e.call('rulesList', {})) as Rule[]).map((r) => r.name)

/** The user's rules; `group` in place of the group's name. */
const userFile = (group: string) => `rules:
  - {name: cpu-hot, metric: cpu.total, op: '>', threshold: 95, for: 5m}
  - {name: mem-full, metric: mem.used_pct, op: '>', threshold: 90}
  - {name: py-cpu, metric: 'group.${group}.cpu', op: '>', threshold: 50}
`

/**
 * A data directory as the version before left it: rules.yaml with a rule on group "py,thon", and the
 * rules it parsed kept in SQLite for that text and that version. An engine of this code keeps the
 * rules of the same file with "py_thon" (a name both versions accept), then the file and the kept
 * JSON get the comma, with the source key the older version wrote for them.
 */
async function oldDataDir(): Promise<{ dir: string; file: string; text: string }> {
  const dir = tempDir('gw-rules-upgrade-')
  const file = path.join(dir, 'rules.yaml')
  fs.writeFileSync(file, userFile('py_thon'))
  const old = engineIn(dir, '0.0.9')
  expect(await names(old)).toEqual(['cpu-hot', 'mem-full', 'py-cpu'])
  const json = old.alerts.store.getMeta(LAST_GOOD)!.replace('group.py_thon.cpu', 'group.py,thon.cpu')
  const text = userFile('py,thon')
  old.alerts.store.setMeta(LAST_GOOD, json)
  old.alerts.store.setMeta(LAST_GOOD_SOURCE, lastGoodSource(hashOf(text), json, '0.0.9'))
  await stop(old)
  fs.writeFileSync(file, text)
  return { dir, file, text }
}

describe('rules on a group whose name holds a comma, at an upgrade', () => {
  it('the first start of the new version parses the file again and keeps every rule, the file untouched', async () => {
    const { dir, file, text } = await oldDataDir()
    const e = engineIn(dir, '0.1.0')
    expect(await names(e)).toEqual(['cpu-hot', 'mem-full', 'py-cpu'])
    expect(e.startupWarnings).toEqual([])
    expect(fs.readFileSync(file, 'utf8')).toBe(text)
    expect(fs.existsSync(`${file}.bak`)).toBe(false)
    // The rule reads a group that cannot be configured: said in words when the rules' groups are
    // looked at (a settings change warns only of the groups it removed, so ask for all of them).
    const warnings: string[] = []
    e.on('warning', (w: { message: string }) => warnings.push(w.message))
    e.alerts.warnGroupless()
    expect(warnings).toEqual([expect.stringContaining('Rule py-cpu reads group.py,thon.cpu, but there is no process group "py,thon"') as string])
  }, 30_000)

  it('a file broken by hand falls back to the kept rules, the comma rule among them, not to the defaults', async () => {
    const { dir, file } = await oldDataDir()
    fs.appendFileSync(file, '  - {name: broken, metric: [\n')
    const e = engineIn(dir, '0.1.0')
    expect(await names(e)).toEqual(['cpu-hot', 'mem-full', 'py-cpu'])
    expect(fs.existsSync(`${file}.bak`)).toBe(true)
    expect(e.startupWarnings).toEqual([expect.stringContaining('the last good rules (3) are in use') as string])
  }, 30_000)

  it('a client cannot save a rule onto a group with a comma, but can disable or retune the upgraded one', async () => {
    const { dir, file, text } = await oldDataDir()
    const e = engineIn(dir, '0.1.0')
    const warnings: string[] = []
    e.on('warning', (w: { message: string }) => warnings.push(w.message))
    await expect(e.call('rulesSave', { rule: { name: 'py-mem', metric: 'group.py,thon.pss', threshold: 1e9 } })).rejects.toThrow(
      'Rule py-mem is not saved: it reads group.py,thon.pss, but a process group\'s name holds no "," (lists of metrics are separated by it), so a group "py,thon" can never be configured. Name the group without it (e.g. "py_thon") in Settings → Process groups and in the rule.',
    )
    // Moving the upgraded rule onto another such group is a new metric: refused too.
    await expect(e.call('rulesSave', { rule: { name: 'py-cpu', metric: 'group.a,b.cpu', threshold: 50 } })).rejects.toThrow(/^Rule py-cpu is not saved: it reads group\.a,b\.cpu.*"a_b"/)
    expect(await names(e)).toEqual(['cpu-hot', 'mem-full', 'py-cpu'])
    expect(fs.readFileSync(file, 'utf8')).toBe(text)
    expect(warnings).toEqual([])
    // The upgraded rule, its metric kept: saved, and warned of as a rule on a group not configured.
    const saved = (await e.call('rulesSave', { rule: { name: 'py-cpu', metric: 'group.py,thon.cpu', threshold: 60, enabled: false } })) as Rule[]
    expect(saved.find((r) => r.name === 'py-cpu')).toMatchObject({ metric: 'group.py,thon.cpu', threshold: 60, enabled: false })
    await e.call('rulesSave', { rule: { name: 'py-cpu', metric: 'group.py,thon.cpu', threshold: 70 } })
    expect(warnings).toEqual([expect.stringContaining('Rule py-cpu reads group.py,thon.cpu, but there is no process group "py,thon"') as string])
    // A rule on a group merely not configured yet (no comma) is saved, with the same warning.
    await e.call('rulesSave', { rule: { name: 'py-mem', metric: 'group.py_thon.pss', threshold: 1e9 } })
    expect(await names(e)).toEqual(['cpu-hot', 'mem-full', 'py-cpu', 'py-mem'])
    expect(warnings.at(-1)).toContain('Rule py-mem reads group.py_thon.pss, but there is no process group "py_thon"')
  }, 30_000)

  it('a group name in Settings is still refused the comma', async () => {
    const e = engineIn(tempDir('gw-rules-upgrade-'), '0.1.0')
    await expect(e.call('setSettings', { processGroups: [{ name: 'py,thon', pattern: 'python' }] })).rejects.toThrow(/no ","/)
  }, 30_000)
})
