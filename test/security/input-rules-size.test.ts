// rules.yaml was read up to the CSV import limit (64 MiB). The file holds at most 1,000 rules
// (RulesFileSchema), yet a 6.8 MB one took 14 s and 760 MB to be told so, and at 64 MiB the engine
// would parse for minutes at its start and run out of memory. Now a rules file over
// MAX_RULES_FILE_BYTES is refused before it is parsed: an error at 1:1 naming its size, the file
// set aside and the last good rules in use, as for any broken rules file.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_RULES_FILE_BYTES } from '../../shared/limits.ts'
import { readRulesFile } from '../../electron/engine/alerts/rules-file.ts'
import { defaultRules } from '../../electron/engine/alerts/defaults.ts'
import { Engine } from '../../electron/engine/engine.ts'
import type { Rule } from '../../shared/alerts.ts'
import { tempDir } from '../helpers/temp.ts'
import { NO_GPU } from '../helpers/gpu.ts'

/** A valid rules file padded with a comment past the bound. */
function oversized(file: string): void {
  fs.writeFileSync(file, `rules:\n  - name: mine\n    metric: load.1\n    threshold: 4\n#${'x'.repeat(MAX_RULES_FILE_BYTES)}\n`)
}

const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop()
})

describe('a rules file over its bound', () => {
  it('is refused before it is parsed, naming its size and the limit', () => {
    const file = path.join(tempDir('gw-rules-size-'), 'rules.yaml')
    oversized(file)
    const r = readRulesFile(file)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, column: 1, message: expect.stringMatching(/over the 2\.0 MiB limit for a rules file/) })])
  })

  it('a rules file of 1,000 rules is well within it', () => {
    const one = '  - name: rule-0000\n    metric: cpu.total\n    op: ">"\n    threshold: 90\n    clear: 85\n    for: 5m\n    severity: warning\n    group: cpu\n'
    expect(1000 * one.length).toBeLessThan(MAX_RULES_FILE_BYTES / 4)
  })

  it('the engine starts with the last good rules and keeps the file as .bak', async () => {
    const dir = tempDir('gw-rules-size-')
    const file = path.join(dir, 'rules.yaml')
    oversized(file)
    const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    engines.push(e)
    expect(e.startupWarnings.join('\n')).toMatch(/rules\.yaml:1:1: cannot read: .*over the 2\.0 MiB limit for a rules file/)
    expect(fs.statSync(`${file}.bak`).size).toBeGreaterThan(MAX_RULES_FILE_BYTES)
    expect(((await e.call('rulesList', {})) as Rule[]).map((r) => r.name)).toEqual(defaultRules.map((r) => r.name))
  })
})
