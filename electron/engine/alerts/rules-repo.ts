// Where the live rules come from: `rules.yaml` in the data directory. The first run writes the
// defaults. A file broken by hand is kept as `rules.yaml.bak`, the last good rules (kept in SQLite)
// are written in its place, and a warning names every error with its line and column.
import { fs } from '../builtins.ts'
import path from 'node:path'
import { RulesFileSchema, type Rule } from '../../../shared/alerts.ts'
import { readRulesFile, writeRulesFile, formatRuleError } from './rules-file.ts'
import { defaultRules } from './defaults.ts'
import type { AlertStore } from './alert-store.ts'

const LAST_GOOD = 'rules.last_good'

export class RulesRepo {
  readonly file: string
  private readonly store: AlertStore
  private readonly warn: (message: string) => void

  constructor(dataDir: string, store: AlertStore, warn: (message: string) => void) {
    this.file = path.join(dataDir, 'rules.yaml')
    this.store = store
    this.warn = warn
  }

  load(): Rule[] {
    if (!fs.existsSync(this.file)) {
      this.save(defaultRules)
      return [...defaultRules]
    }
    const r = readRulesFile(this.file)
    if (r.ok) {
      this.store.setMeta(LAST_GOOD, JSON.stringify(r.rules))
      return r.rules
    }
    const rules = this.lastGood()
    const bak = `${this.file}.bak`
    try {
      fs.copyFileSync(this.file, bak)
      writeRulesFile(this.file, rules)
    } catch (err) {
      this.warn(`Could not set the broken ${this.file} aside (${(err as Error).message}).`)
    }
    const shown = r.errors.slice(0, 10).map((e) => formatRuleError(this.file, e))
    this.warn(
      `The rules file has ${r.errors.length} error(s), so the last good rules (${rules.length}) are in use; the broken file was kept as ${bak}. ${shown.join('; ')}`,
    )
    return rules
  }

  private lastGood(): Rule[] {
    const text = this.store.getMeta(LAST_GOOD)
    if (text === null) return [...defaultRules]
    const parsed = RulesFileSchema.safeParse({ rules: JSON.parse(text) as unknown })
    return parsed.success ? parsed.data.rules : [...defaultRules]
  }

  save(rules: readonly Rule[]): void {
    writeRulesFile(this.file, rules)
    this.store.setMeta(LAST_GOOD, JSON.stringify(rules))
  }
}
