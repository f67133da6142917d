// rules.yaml edited by hand while the engine runs: the next save from a client applies on top of
// a valid edit (which also becomes live), and is refused, naming the file's error, over a broken one.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import type { Rule } from '../../../shared/alerts.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { tempDir } from '../../helpers/temp.ts'

const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop()
})

function engineIn(dir: string): Engine {
  const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
  engines.push(e)
  return e
}

const handRule = '  - name: handmade-rule\n    metric: mem.used_pct\n    threshold: 95\n'

describe('a hand edit of rules.yaml while the engine runs', () => {
  it('a valid edit is kept by the next save, and becomes the live rules', async () => {
    const dir = tempDir('gw-rules-edit-')
    const e = engineIn(dir)
    const file = path.join(dir, 'rules.yaml')
    fs.appendFileSync(file, handRule)
    await e.call('rulesSave', { rule: { name: 'from-dashboard', metric: 'cpu.total', threshold: 99 } })
    const text = fs.readFileSync(file, 'utf8')
    expect(text).toMatch(/name: handmade-rule/)
    expect(text).toMatch(/name: from-dashboard/)
    const names = ((await e.call('rulesList', {})) as Rule[]).map((r) => r.name)
    expect(names.slice(-2)).toEqual(['handmade-rule', 'from-dashboard'])
    expect(e.alerts.engine.rules.map((r) => r.name)).toContain('handmade-rule')
  })

  it('a delete applies on top of a valid edit too', async () => {
    const dir = tempDir('gw-rules-edit-')
    const e = engineIn(dir)
    const file = path.join(dir, 'rules.yaml')
    fs.appendFileSync(file, handRule)
    expect(await e.call('rulesDelete', { name: 'cpu-high' })).toEqual({ deleted: true })
    const text = fs.readFileSync(file, 'utf8')
    expect(text).toMatch(/name: handmade-rule/)
    expect(text).not.toMatch(/name: cpu-high/)
  })

  it('a broken edit refuses the save, naming the conflict and the error, and the file is left as the user wrote it', async () => {
    const dir = tempDir('gw-rules-edit-')
    const e = engineIn(dir)
    const file = path.join(dir, 'rules.yaml')
    fs.appendFileSync(file, '  - name: handmade-rule\n    metric: mem.used_pct\n    threshold: ninety\n')
    const edited = fs.readFileSync(file, 'utf8')
    await expect(e.call('rulesSave', { rule: { name: 'from-dashboard', metric: 'cpu.total', threshold: 99 } })).rejects.toThrow(
      /changed outside Gapwatch.*not saved.*rules\.yaml:\d+:\d+: rule handmade-rule, field threshold/s,
    )
    expect(fs.readFileSync(file, 'utf8')).toBe(edited)
    expect(((await e.call('rulesList', {})) as Rule[]).map((r) => r.name)).not.toContain('from-dashboard')
    // once the user fixes the file, the save goes through on top of it
    fs.writeFileSync(file, edited.replace('threshold: ninety', 'threshold: 90'))
    await e.call('rulesSave', { rule: { name: 'from-dashboard', metric: 'cpu.total', threshold: 99 } })
    expect(fs.readFileSync(file, 'utf8')).toMatch(/name: handmade-rule[\s\S]*threshold: 90[\s\S]*name: from-dashboard/)
  })

  it('saves made by the engine alone are not taken for hand edits', async () => {
    const dir = tempDir('gw-rules-edit-')
    const e = engineIn(dir)
    await e.call('rulesSave', { rule: { name: 'a', metric: 'cpu.total', threshold: 99 } })
    await e.call('rulesSave', { rule: { name: 'b', metric: 'cpu.total', threshold: 98 } })
    await e.call('rulesDelete', { name: 'a' })
    const names = ((await e.call('rulesList', {})) as Rule[]).map((r) => r.name)
    expect(names).toContain('b')
    expect(names).not.toContain('a')
  })
})

describe('a hand edit is also picked up without a save, once it has settled', () => {
  it('a valid edit becomes the live rules; a broken one is warned about once and the rules in use stay', async () => {
    const dir = tempDir('gw-rules-edit-')
    const e = engineIn(dir)
    const warnings: string[] = []
    e.on('warning', (w: { message: string }) => warnings.push(w.message))
    const file = path.join(dir, 'rules.yaml')
    const t = Date.now()
    e.alerts.checkRulesFile(t) // nothing changed
    fs.appendFileSync(file, handRule)
    e.alerts.checkRulesFile(t + 1) // seen changing: not read yet (an editor may still be writing)
    expect(e.alerts.engine.rules.map((r) => r.name)).not.toContain('handmade-rule')
    e.alerts.checkRulesFile(t + 1500) // unchanged for a second: read
    expect(e.alerts.engine.rules.map((r) => r.name)).toContain('handmade-rule')
    expect(((await e.call('rulesList', {})) as Rule[]).map((r) => r.name)).toContain('handmade-rule')

    fs.appendFileSync(file, '  - name: broken\n    metric: cpu.total\n    threshold: lots\n')
    e.alerts.checkRulesFile(t + 2000)
    e.alerts.checkRulesFile(t + 3500)
    e.alerts.checkRulesFile(t + 5000)
    e.alerts.checkRulesFile(t + 6500)
    expect(warnings.filter((w) => /was changed and has 1 error\(s\), so the rules in use stay/.test(w))).toHaveLength(1)
    expect(warnings.join('\n')).toMatch(/rules\.yaml:\d+:\d+: rule broken, field threshold/)
    expect(e.alerts.engine.rules.map((r) => r.name)).toContain('handmade-rule')
    expect(e.alerts.engine.rules.map((r) => r.name)).not.toContain('broken')
  })
})
