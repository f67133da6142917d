// Commands that read what an engine stored refuse a data directory that is not there, not a
// directory, or not readable, with exit 2 and its name. `rules list` used to show the defaults
// for a mistyped --data-dir (exit 0), and `cost` created the directory and an empty database.
// The one exception: `rules list`/`rules export` on a default directory not created yet show the defaults.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runToEnd } from '../../helpers/serve.ts'
import { tempDir } from '../../helpers/temp.ts'
import { defaultRules } from '../../../electron/engine/alerts/defaults.ts'

const READERS: string[][] = [
  ['rules', 'list'],
  ['rules', 'export', '--format', 'prometheus'],
  ['rules', 'backtest', path.resolve(import.meta.dirname, '../../../resources/rules.example.yaml')],
  ['history', 'export', '--metrics', 'cpu.total'],
  ['report'],
  ['cost', '--cores', '4', '--memory-gb', '8'],
]
const isRoot = process.getuid?.() === 0

describe('a data directory to read that cannot be read', () => {
  it.each(READERS.map((c) => [c.slice(0, 2).join(' '), c] as const))('%s: a missing one is exit 2 naming it, and is not created', async (_t, cmd) => {
    const missing = path.join(tempDir('gw-dd-'), 'typo')
    const r = await runToEnd([...cmd, '--data-dir', missing])
    expect(r.stderr).toBe(`gapwatch: --data-dir ${missing}: no such directory.\n`)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(fs.existsSync(missing)).toBe(false)
  })

  it.each(READERS.map((c) => [c.slice(0, 2).join(' '), c] as const))('%s: a file, or a path through one, is exit 2 saying so', async (_t, cmd) => {
    const file = path.join(tempDir('gw-dd-'), 'plain')
    fs.writeFileSync(file, 'x')
    const a = await runToEnd([...cmd, '--data-dir', file])
    expect([a.code, a.stderr]).toEqual([2, `gapwatch: --data-dir ${file}: not a directory.\n`])
    const b = await runToEnd([...cmd, '--data-dir', path.join(file, 'sub')])
    expect([b.code, b.stderr]).toEqual([2, `gapwatch: --data-dir ${path.join(file, 'sub')}: a part of the path is a file, not a directory.\n`])
  })

  it('the default directory (no --data-dir) that does not exist is named as the default by a command that needs history', async () => {
    const xdg = path.join(tempDir('gw-dd-'), 'xdg')
    const r = await runToEnd(['history', 'export', '--metrics', 'cpu.total'], { XDG_DATA_HOME: xdg })
    expect(r.stderr).toBe(`gapwatch: The data directory ${path.join(xdg, 'gapwatch')} (the default; give --data-dir): no such directory.\n`)
    expect(r.code).toBe(2)
  })

  // A fresh install has no data directory until the first serve; the rules help promises the defaults then.
  it('rules list and rules export show the default rules when the default directory is not there yet', async () => {
    const xdg = path.join(tempDir('gw-dd-'), 'xdg')
    const list = await runToEnd(['rules', 'list', '--json'], { XDG_DATA_HOME: xdg })
    expect([list.code, list.stderr]).toEqual([0, ''])
    const names = (JSON.parse(list.stdout) as { name: string }[]).map((r) => r.name)
    expect(names).toEqual(defaultRules.map((r) => r.name))
    const out = path.join(tempDir('gw-dd-'), 'gapwatch-alerts.yml')
    const exp = await runToEnd(['rules', 'export', '--format', 'prometheus', '--out', out], { XDG_DATA_HOME: xdg })
    expect(exp.code).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toContain('groups:')
    expect(fs.existsSync(xdg)).toBe(false)
  })

  // root reads every directory whatever its mode, so this can only be seen as another user.
  it.skipIf(isRoot)('an unreadable one is exit 2 with the cause', async () => {
    const dir = tempDir('gw-dd-')
    fs.chmodSync(dir, 0o000)
    try {
      const r = await runToEnd(['rules', 'list', '--data-dir', dir])
      expect([r.code, r.stderr]).toEqual([2, `gapwatch: --data-dir ${dir}: cannot be read (EACCES).\n`])
    } finally {
      fs.chmodSync(dir, 0o700)
    }
  })
})
