// YAML aliases in a hand-edited rules.yaml: an alias bomb (billion laughs) or an alias to no anchor
// made the `yaml` package throw from toJS(), outside the parser's error list. `gapwatch rules check`
// said only "Excessive alias count…" with no file or line, and an engine whose data directory held
// such a rules.yaml did not start at all (serve exited 1). Now both are rule errors at the alias's
// line and column, so the engine sets the file aside and runs the last good rules, as for any
// hand-broken file.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import { parseRules } from '../../electron/engine/alerts/rules-file.ts'
import { defaultRules } from '../../electron/engine/alerts/defaults.ts'
import type { Rule } from '../../shared/alerts.ts'
import { runToEnd, tempDir } from '../helpers/serve.ts'
import { NO_GPU } from '../helpers/gpu.ts'

/** Ten levels of ten aliases each: 10^6 nodes once expanded from a 300-byte file. */
const BOMB = [
  'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]',
  ...['b', 'c', 'd', 'e', 'f'].map((n, i) => `${n}: &${n} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`),
  'rules: [*f]',
].join('\n')
const UNRESOLVED = 'rules:\n  - *nowhere\n'

const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop()
})

describe('aliases in rules.yaml', () => {
  it('an alias bomb is a rule error at the file itself, not a throw', () => {
    const r = parseRules(BOMB)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ rule: null, field: null, line: 1, column: 1 })
    expect(r.errors[0].message).toMatch(/alias/i)
  })

  it('an alias to no anchor is an error naming the alias, at its line and column', () => {
    const r = parseRules(UNRESOLVED)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors[0]).toMatchObject({ line: 2, column: 5 })
    expect(r.errors[0].message).toContain('nowhere')
  })

  it('`gapwatch rules check` names the file and line and exits 1', async () => {
    const dir = tempDir('gw-rules-alias-')
    const file = path.join(dir, 'rules.yaml')
    fs.writeFileSync(file, UNRESOLVED)
    const r = await runToEnd(['rules', 'check', file])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${file}:2:5: `)
  })

  it('an engine whose rules.yaml is an alias bomb starts, runs the last good rules and keeps the file as .bak', async () => {
    const dir = tempDir('gw-rules-alias-engine-')
    const file = path.join(dir, 'rules.yaml')
    fs.writeFileSync(file, BOMB)
    const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    engines.push(e)
    expect(e.startupWarnings.join('\n')).toContain(`${file}:1:1: `)
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe(BOMB)
    expect(((await e.call('rulesList', {})) as Rule[]).map((r) => r.name)).toEqual(defaultRules.map((r) => r.name))
  })
})
