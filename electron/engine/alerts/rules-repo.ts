// Where the live rules come from: `rules.yaml` in the data directory. The first run writes the
// defaults. A file broken by hand is kept as `rules.yaml.bak`, the last good rules (kept in SQLite)
// are written in its place, and a warning names every error with its line and column.
// The file stays the user's while the engine runs: before a save, a file that differs from what
// the engine last read or wrote (by hash) is read again, so a hand edit is never overwritten unseen;
// and once a sample interval a file whose size or mtime changed and then settled is read again, so a
// hand edit runs without a restart (a broken one is warned about once and the rules in use stay).
// The last good rules are kept with the hash of the file text they were read from or written as
// (LAST_GOOD_SOURCE), so a start whose file is unchanged takes them without parsing YAML: most
// starts then never load the yaml package (rules-file.ts, issue 15).
import { crypto, fs } from '../builtins.ts'
import path from 'node:path'
import { RulesFileSchema, type Rule } from '../../../shared/alerts.ts'
import { parseRules, readRulesText, rulesFileText, formatRuleError, type RuleError } from './rules-file.ts'
import { writeFileAtomic } from '../json-file.ts'
import { defaultRules } from './defaults.ts'
import type { AlertStore } from './alert-store.ts'

export const LAST_GOOD = 'rules.last_good'
/** Where lastGoodSource is kept. */
export const LAST_GOOD_SOURCE = 'rules.last_good_source'

/**
 * What says LAST_GOOD are the rules of a file text: the text's hash, the hash of LAST_GOOD's JSON
 * (binding the pair, so a crash between the two writes leaves a mismatch and the file is parsed,
 * never one text's hash beside another's rules), and the app version that parsed it (an upgrade may
 * change what an omitted field means: its first start parses the file again).
 */
export function lastGoodSource(textHash: string, json: string, version: string): string {
  return `${textHash} ${hashOf(json)} ${version}`
}
/** How long a changed file must stay unchanged before it is read (an editor's save in several writes). */
const SETTLE_MS = 1000

/** A save refused because rules.yaml was changed by hand and no longer parses. */
export class RulesConflictError extends Error {}

export function hashOf(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex')
}

export class RulesRepo {
  readonly file: string
  private readonly store: AlertStore
  private readonly warn: (message: string) => void
  private readonly version: string
  /** Hash of the text the engine last read from or wrote to the file; null: none yet. */
  private seen: string | null = null
  /** The file's size and mtime when it was last read or written; and a change seen since, not yet settled. */
  private seenStat: string | null = null
  private pending: { stat: string; since: number } | null = null

  constructor(dataDir: string, store: AlertStore, warn: (message: string) => void, version = '') {
    this.file = path.join(dataDir, 'rules.yaml')
    this.store = store
    this.warn = warn
    this.version = version
  }

  load(): Rule[] {
    if (!fs.existsSync(this.file)) {
      this.save(defaultRules)
      return [...defaultRules]
    }
    const r = this.read()
    if (r.ok) {
      if (!r.kept) this.remember(r.rules, r.hash)
      return r.rules
    }
    const rules = this.lastGood()
    const bak = `${this.file}.bak`
    try {
      fs.copyFileSync(this.file, bak)
      this.write(rules)
      this.remember(rules, this.seen)
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
    return this.keptRules(this.store.getMeta(LAST_GOOD)) ?? [...defaultRules]
  }

  /** Rules kept as JSON, validated again; null if there are none or they do not validate. */
  private keptRules(json: string | null): Rule[] | null {
    if (json === null) return null
    let data: unknown
    try {
      data = JSON.parse(json)
    } catch {
      return null
    }
    const parsed = RulesFileSchema.safeParse({ rules: data })
    return parsed.success ? parsed.data.rules : null
  }

  /** Keeps rules as the last good ones, as the rules of the file text whose hash is textHash. */
  private remember(rules: readonly Rule[], textHash: string | null): void {
    const json = JSON.stringify(rules)
    this.store.setMeta(LAST_GOOD, json)
    if (textHash !== null) this.store.setMeta(LAST_GOOD_SOURCE, lastGoodSource(textHash, json, this.version))
  }

  /** The last good rules if they were kept as the rules of the text whose hash is textHash, else null. */
  private keptFor(textHash: string): Rule[] | null {
    const json = this.store.getMeta(LAST_GOOD)
    if (json === null || this.store.getMeta(LAST_GOOD_SOURCE) !== lastGoodSource(textHash, json, this.version)) return null
    return this.keptRules(json)
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
    this.remember(r.rules, r.hash)
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
    this.remember(rules, this.seen)
  }

  /**
   * Reads the file once, remembering the hash of what was read; parses it unless it is the text the
   * last good rules were kept for (kept: true, no YAML parser loaded).
   */
  private read(): { ok: true; rules: Rule[]; hash: string; kept: boolean } | { ok: false; errors: RuleError[] } {
    const stat = this.statKey() // before the read: a change after it is seen at the next look
    const read = readRulesText(this.file)
    if (!read.ok) return read
    const hash = hashOf(read.text)
    const kept = this.keptFor(hash)
    const r = kept !== null ? { ok: true as const, rules: kept } : parseRules(read.text)
    if (!r.ok) return r
    this.seen = hash
    this.seenStat = stat
    return { ...r, hash, kept: kept !== null }
  }

  /** Refuses a list past the file's bounds before anything is written (rulesFileText). */
  private write(rules: readonly Rule[]): void {
    const text = rulesFileText(rules)
    writeFileAtomic(this.file, text)
    this.seen = hashOf(text)
    this.seenStat = this.statKey()
  }
}
