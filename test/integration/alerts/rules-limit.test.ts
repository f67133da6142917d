// rules.yaml's bounds hold at save as they do at load: rule 1,001 (or a list whose file would pass
// MAX_RULES_FILE_BYTES) was once accepted by rulesSave, then the file failed the bound at the next
// start and every rule was replaced by the defaults. Now the save is refused naming the bound,
// nothing is written, and the rules kept are the ones the next start loads.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { rulesToYaml } from '../../../electron/engine/alerts/rules-file.ts'
import type { Rule } from '../../../shared/alerts.ts'
import { MAX_RULES, MAX_RULES_FILE_BYTES } from '../../../shared/limits.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { tempDir } from '../../helpers/temp.ts'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop()
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

function engineIn(dir: string): Engine {
  const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
  engines.push(e)
  return e
}

/** A data directory whose rules.yaml already holds `rules` (as the engine writes them). */
function dirWith(rules: Rule[]): string {
  const dir = tempDir('gw-rules-limit-')
  dirs.push(dir)
  fs.writeFileSync(path.join(dir, 'rules.yaml'), rulesToYaml(rules))
  return dir
}

function threshold(name: string, labels: Record<string, string> = {}): Rule {
  return { kind: 'threshold', name, metric: 'cpu.total', op: '>', threshold: 99, for: '0s', severity: 'warning', enabled: true, labels, aggregate: 'last' } as Rule
}

async function names(e: Engine): Promise<string[]> {
  return ((await e.call('rulesList', {})) as Rule[]).map((r) => r.name)
}

describe('rulesSave within the rules file bounds', () => {
  it(`refuses rule ${MAX_RULES + 1} naming the limit; a replaced rule is still taken; the next start keeps all ${MAX_RULES}`, async () => {
    const seeded = Array.from({ length: MAX_RULES }, (_, i) => threshold(`r${i}`))
    const dir = dirWith(seeded)
    const a = engineIn(dir)
    expect(a.startupWarnings).toEqual([])
    expect(await names(a)).toHaveLength(MAX_RULES)
    await expect(a.call('rulesSave', { rule: { name: 'one-more', metric: 'load.1', threshold: 4 } })).rejects.toThrow(
      `At most ${MAX_RULES} rules can be kept (this would make ${MAX_RULES + 1}): delete one first.`,
    )
    expect(await names(a)).not.toContain('one-more')
    await a.call('rulesSave', { rule: { name: 'r5', metric: 'load.1', threshold: 4 } }) // same name: replaces, no new rule
    await a.stop()
    const b = engineIn(dir)
    expect(b.startupWarnings).toEqual([]) // before: "rules.yaml … Too big", and the 8 defaults in use
    const rules = (await b.call('rulesList', {})) as Rule[]
    expect(rules).toHaveLength(MAX_RULES)
    expect(rules[5]).toMatchObject({ name: 'r5', metric: 'load.1', threshold: 4 })
  }, 60_000)

  it('refuses a rule that would take the file past its byte bound, and the next start keeps the rules', async () => {
    // Rules of 100 labels of 200 characters: as many as fit in the file, so one more does not.
    const labels = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`l${i}`, 'v'.repeat(200)]))
    const header = Buffer.byteLength(rulesToYaml([]))
    const one = Buffer.byteLength(rulesToYaml([threshold('b0', labels)])) - header
    const fit = Math.floor((MAX_RULES_FILE_BYTES - header) / one) - 1
    const dir = dirWith(Array.from({ length: fit }, (_, i) => threshold(`b${i}`, labels)))
    const a = engineIn(dir)
    expect(a.startupWarnings).toEqual([])
    await expect(a.call('rulesSave', { rule: { name: 'big-last', metric: 'load.1', threshold: 4, labels } })).resolves.toHaveLength(fit + 1)
    await expect(a.call('rulesSave', { rule: { name: 'big-over', metric: 'load.1', threshold: 4, labels } })).rejects.toThrow(
      /The rules would take [\d.]+ MiB, past the rules file's 2 MiB: delete or shorten some first\./,
    )
    await a.stop()
    const b = engineIn(dir)
    expect(b.startupWarnings).toEqual([])
    expect(await names(b)).toEqual([...Array.from({ length: fit }, (_, i) => `b${i}`), 'big-last'])
  }, 60_000)
})
