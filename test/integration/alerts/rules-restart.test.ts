// A restart on the same data directory: when rules.yaml is the text the engine last read or wrote,
// the rules kept with its hash in SQLite are used without parsing YAML (rules-repo.ts; that no yaml
// module is loaded then is checked in the real serve process by test/integration/server/serve-modules.test.ts).
// Whatever changed in between, a hand edit or the kept rules themselves, the file is what counts.
import fs from 'node:fs'
import module from 'node:module'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { parseRules, rulesToYaml } from '../../../electron/engine/alerts/rules-file.ts'
import { defaultRules } from '../../../electron/engine/alerts/defaults.ts'
import { LAST_GOOD, LAST_GOOD_SOURCE, hashOf, lastGoodSource } from '../../../electron/engine/alerts/rules-repo.ts'
import type { Rule } from '../../../shared/alerts.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { tempDir } from '../../helpers/temp.ts'

const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop()
})

function engineIn(dir: string, version?: string): Engine {
  const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU, version })
  engines.push(e)
  return e
}

async function restarted(dir: string, e: Engine, between: () => void = () => {}, version?: string): Promise<Engine> {
  await e.stop()
  engines.splice(engines.indexOf(e), 1)
  between()
  return engineIn(dir, version)
}

const list = async (e: Engine) => (await e.call('rulesList', {})) as Rule[]

describe('rules at a restart', () => {
  it('an unchanged file gives the same rules as the run before, saves included', async () => {
    const dir = tempDir('gw-rules-restart-')
    const a = engineIn(dir)
    await a.call('rulesSave', { rule: { name: 'mine', metric: 'load.1', threshold: 4, for: '5m', labels: { team: 'desk' } } })
    const before = await list(a)
    const b = await restarted(dir, a)
    expect(await list(b)).toEqual(before)
    const parsed = parseRules(fs.readFileSync(path.join(dir, 'rules.yaml'), 'utf8'))
    expect(parsed.ok && parsed.rules).toEqual(before)
  })

  it('a hand edit made while the engine was stopped is read at the restart', async () => {
    const dir = tempDir('gw-rules-restart-')
    const file = path.join(dir, 'rules.yaml')
    const a = engineIn(dir)
    const b = await restarted(dir, a, () => fs.appendFileSync(file, '  - name: handmade-rule\n    metric: mem.used_pct\n    threshold: 95\n'))
    expect((await list(b)).map((r) => r.name)).toEqual([...defaultRules.map((r) => r.name), 'handmade-rule'])
    // and that edit's rules are the ones kept for the next restart
    const c = await restarted(dir, b)
    expect((await list(c)).find((r) => r.name === 'handmade-rule')).toMatchObject({ threshold: 95 })
  })

  it('a file put back to an older text is parsed, not matched to the rules kept for another text', async () => {
    const dir = tempDir('gw-rules-restart-')
    const file = path.join(dir, 'rules.yaml')
    const a = engineIn(dir)
    const first = fs.readFileSync(file, 'utf8')
    await a.call('rulesSave', { rule: { name: 'mine', metric: 'load.1', threshold: 4 } })
    const b = await restarted(dir, a, () => fs.writeFileSync(file, first))
    expect((await list(b)).map((r) => r.name)).toEqual(defaultRules.map((r) => r.name))
  })

  it('the kept rules are taken only for the text and the version they were kept for', async () => {
    const dir = tempDir('gw-rules-restart-')
    const a = engineIn(dir, '1.0.0')
    await a.call('rulesSave', { rule: { name: 'mine', metric: 'load.1', threshold: 4 } })
    // Kept rules that differ from the file's show which of the two a start took.
    const text = fs.readFileSync(path.join(dir, 'rules.yaml'), 'utf8')
    const kept = JSON.stringify(((await list(a)) as Rule[]).map((r) => (r.name === 'mine' ? { ...r, threshold: 5 } : r)))
    a.alerts.store.setMeta(LAST_GOOD, kept)
    a.alerts.store.setMeta(LAST_GOOD_SOURCE, lastGoodSource(hashOf(text), kept, '1.0.0'))
    const b = await restarted(dir, a, undefined, '1.0.0')
    expect((await list(b)).find((r) => r.name === 'mine')).toMatchObject({ threshold: 5 }) // no YAML parsed
    const c = await restarted(dir, b, undefined, '1.0.1') // an upgrade parses the file again
    expect((await list(c)).find((r) => r.name === 'mine')).toMatchObject({ threshold: 4 })
  })

  it('the YAML written is the rules read back, and the yaml modules are let go after each use', () => {
    const require = module.createRequire(import.meta.url)
    const yamlLoaded = () => Object.keys(require.cache).filter((id) => id.includes(`${path.sep}node_modules${path.sep}yaml${path.sep}`))
    const wasLoaded = yamlLoaded().length > 0 // by another test file in this worker: then it stays
    const text = rulesToYaml(defaultRules)
    const back = parseRules(text)
    expect(back.ok && back.rules).toEqual(defaultRules)
    if (!wasLoaded) expect(yamlLoaded()).toEqual([])
  })
})
