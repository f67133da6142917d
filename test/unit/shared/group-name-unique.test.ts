// Two process groups of one name made two samples of one series in each /metrics scrape and fed a
// `for:` rule 0 and ~100 in turn, so it never fired (attack review 2, finding 4): the settings refuse
// them, naming both, and saved settings from before keep the first of each name.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SettingsSchema } from '../../../shared/settings.ts'
import { describeZodError } from '../../../shared/contract.ts'
import { openDatabase } from '../../../electron/engine/store/database.ts'
import { SettingsStore } from '../../../electron/engine/store/settings-store.ts'
import { tempDir } from '../../helpers/temp.ts'

describe('process group names are unique', () => {
  it('refuses a second group of one name (after trim, whatever the case), naming both', () => {
    const r = SettingsSchema.safeParse({ processGroups: [{ name: 'burn', pattern: 'a' }, { name: 'burn', pattern: 'b' }, { name: 'Burn ', pattern: 'c' }, { name: 'other', pattern: 'd' }] })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.path)).toEqual([['processGroups', 1, 'name'], ['processGroups', 2, 'name']])
    const text = describeZodError(r.error!)
    expect(text).toContain('processGroups.1.name: "burn" is already the name of processGroups[0] ("burn")')
    expect(text).toContain('processGroups.2.name: "Burn" is already the name of processGroups[0] ("burn")')
  })

  it('accepts distinct names', () => {
    expect(SettingsSchema.safeParse({ processGroups: [{ name: 'burn', pattern: 'a' }, { name: 'burn 2', pattern: 'b' }] }).success).toBe(true)
  })

  it('setSettings refuses the pair and changes nothing', () => {
    const dir = tempDir('gw-group-unique-')
    const db = openDatabase(path.join(dir, 'gapwatch.db'))
    const store = new SettingsStore(db, () => {})
    const before = store.get()
    expect(() => store.update({ processGroups: [{ name: 'burn', pattern: 'a' }, { name: 'burn', pattern: 'b' }] })).toThrow(/processGroups\.1\.name: "burn" is already the name of processGroups\[0\]/)
    expect(store.get()).toEqual(before)
    db.close()
  })

  it('settings saved with two groups of one name load with the first of them and the others kept, with a warning', () => {
    const file = path.join(tempDir('gw-group-unique-load-'), 'gapwatch.db')
    const db = openDatabase(file)
    const saved = { processGroups: [{ name: 'burn', pattern: 'first' }, { name: 'keep', pattern: 'k' }, { name: 'burn', pattern: 'second' }], workers: 2 }
    db.prepare("INSERT INTO settings (key, value) VALUES ('settings', ?)").run(JSON.stringify(saved))
    const warnings: string[] = []
    const s = new SettingsStore(db, (m) => warnings.push(m)).get()
    expect(s.processGroups).toEqual([{ name: 'burn', pattern: 'first' }, { name: 'keep', pattern: 'k' }])
    expect(s.workers).toBe(2)
    expect(warnings.join('\n')).toMatch(/processGroups\.2\.name: "burn" is already the name/)
    db.close()
  })
})
