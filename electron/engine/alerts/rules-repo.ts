// Where the live rules come from: `rules.yaml` in the data directory. The first run writes the
// defaults. A file broken by hand is kept as `rules.yaml.bak`, the last good rules (kept in SQLite)
// are written in its place, and a warning names every error with its line and column.
// The file stays the user's while the engine runs: before a save, a file that differs from what
// the engine last read or wrote (by hash) is read again, so a hand edit is never overwritten unseen;
// and once a sample interval a file whose size or mtime changed and then settled is read again, so a
// hand edit runs without a restart (a broken one is warned about once and the rules in use stay).
import { crypto, fs } from '../builtins.ts'
import path from 'node:path'
import { RulesFileSchema, type Rule } from '../../../shared/alerts.ts'
import { parseRules, readRulesText, rulesFileText, formatRuleError, type RuleError } from './rules-file.ts'
import { writeFileAtomic } from '../json-file.ts'
import { defaultRules } from './defaults.ts'
import type { AlertStore } from './alert-store.ts'

const LAST_GOOD = 'rules.last_good'
/** How long a changed file must stay unchanged before it is read (an editor's save in several writes). */
const SETTLE_MS = 1000

/** A save refused because rules.yaml was changed by hand and no longer parses. */
export class RulesConflictError extends Error {}

function hashOf(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex')
}

export class RulesRepo {
  readonly file: string
  private readonly store: AlertStore
  private readonly warn: (message: string) => void
  /** Hash of the text the engine last read from or wrote to the file; null: none yet. */
  private seen: string | null = null
  /** The file's size and mtime when it was last read or written; and a change seen since, not yet settled. */
  private seenStat: string | null = null
  private pending: { stat: string; since: number } | null = null

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
    const r = this.read()
    if (r.ok) {
      this.store.setMeta(LAST_GOOD, JSON.stringify(r.rules))
      return r.rules
    }
    const rules = this.lastGood()
    const bak = `${this.file}.bak`
    try {
      fs.copyFileSync(this.file, bak)
      this.write(rules)
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

  /**
   * The file's rules if it changed since the engine last read or wrote it (a hand edit), else null.
   * A changed file that does not parse throws RulesConflictError naming its errors: the caller
   * must not save over it (the user's edit would be lost unseen).
   */
  changedOnDisk(): Rule[] | null {
    const before = this.seen
    if (before === null || !fs.existsSync(this.file)) return null
    const r = this.read()
    if (r.ok) return this.adoptChanged(r, before)
    throw new RulesConflictError(
      `${this.file} was changed outside Gapwatch and has ${r.errors.length} error(s), so the rule was not saved (that would overwrite the edit); fix the file or undo the edit, then save again. ${this.shown(r.errors)}`,
    )
  }

  /**
   * Once a sample interval: the rules of a hand edit whose size or mtime changed and then stayed so
   * for SETTLE_MS, else null. A broken edit is warned about once; the rules in use stay, and a save
   * over it is refused (changedOnDisk) until it is fixed.
   */
  editedRules(now: number): Rule[] | null {
    const stat = this.statKey()
    if (this.seen === null || stat === null || stat === this.seenStat) {
      this.pending = null
      return null
    }
    if (this.pending?.stat !== stat) {
      this.pending = { stat, since: now }
      return null
    }
    if (now - this.pending.since < SETTLE_MS) return null
    this.pending = null
    const before = this.seen
    const r = this.read()
    if (r.ok) return this.adoptChanged(r, before)
    this.seenStat = stat // not again until the file changes again
    this.warn(`${this.file} was changed and has ${r.errors.length} error(s), so the rules in use stay as they were until it is fixed. ${this.shown(r.errors)}`)
    return null
  }

  /** A file read whose text differs from `before`: its rules, kept as the last good ones; else null. */
  private adoptChanged(r: { rules: Rule[]; hash: string }, before: string): Rule[] | null {
    if (r.hash === before) return null
    this.store.setMeta(LAST_GOOD, JSON.stringify(r.rules))
    return r.rules
  }

  private shown(errors: readonly RuleError[]): string {
    return errors
      .slice(0, 5)
      .map((e) => formatRuleError(this.file, e))
      .join('; ')
  }

  private statKey(): string | null {
    try {
      const st = fs.statSync(this.file)
      return `${st.size}:${st.mtimeMs}`
    } catch {
      return null
    }
  }

  save(rules: readonly Rule[]): void {
    this.write(rules)
    this.store.setMeta(LAST_GOOD, JSON.stringify(rules))
  }

  /** Reads and parses the file once, remembering the hash of what was read. */
  private read(): { ok: true; rules: Rule[]; hash: string } | { ok: false; errors: RuleError[] } {
    const stat = this.statKey() // before the read: a change after it is seen at the next look
    const read = readRulesText(this.file)
    if (!read.ok) return read
    const r = parseRules(read.text)
    if (!r.ok) return r
    const hash = hashOf(read.text)
    this.seen = hash
    this.seenStat = stat
    return { ...r, hash }
  }

  /** Refuses a list past the file's bounds before anything is written (rulesFileText). */
  private write(rules: readonly Rule[]): void {
    const text = rulesFileText(rules)
    writeFileAtomic(this.file, text)
    this.seen = hashOf(text)
    this.seenStat = this.statKey()
  }
}
