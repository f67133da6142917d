// rules.yaml: parsing with line and column for every error (the `yaml` package's source ranges,
// zod for the fields), and writing it back. The file format is shared/alerts.ts RulesFileSchema.
//
// The yaml package (~3.5 MiB of `gapwatch serve`'s memory at rest, issue 15) is needed only when a
// file is parsed or written: a start whose rules.yaml is the one the engine last read or wrote takes
// the rules kept in SQLite (rules-repo.ts), and a hand edit, a save or the first run's defaults are
// rare. So it is required (CommonJS, synchronously) for each use and let go after it (withYaml,
// let-go.ts): a long-running process would otherwise keep every module it has loaded for its life.
import type * as Yaml from 'yaml'
import type { Document, Node } from 'yaml'
import { RulesFileSchema, type Rule } from '../../../shared/alerts.ts'
import { FileReadError, readImportFile } from '../market/read-file.ts'
import { MAX_RULES, MAX_RULES_FILE_BYTES } from '../../../shared/limits.ts'
import { writeFileAtomic } from '../json-file.ts'
import { requireForOnce } from '../let-go.ts'

export interface RuleError {
  /** The rule's name, or `#3` (1-based) when it has none, or null for the file itself. */
  rule: string | null
  /** The field's path inside the rule (e.g. `threshold`, `session.tz`), or null. */
  field: string | null
  line: number
  column: number
  message: string
}

export type ParseResult = { ok: true; rules: Rule[] } | { ok: false; errors: RuleError[] }

/** `file:line:col: rule "x", field y: message` */
export function formatRuleError(file: string, e: RuleError): string {
  const where = [e.rule !== null ? `rule ${e.rule}` : null, e.field !== null ? `field ${e.field}` : null].filter(Boolean).join(', ')
  return `${file}:${e.line}:${e.column}: ${where ? `${where}: ` : ''}${e.message}`
}

/**
 * A parser's error in the file's terms: YAML nested 5,000 deep said "Maximum call stack size
 * exceeded", the engine's limit rather than the file's problem.
 */
function inFileTerms(message: string): string {
  return /Maximum call stack size exceeded/.test(message) ? 'nested too deeply: a rules file is a list of rules, each a few levels deep' : message
}

/** Runs fn with the yaml package, loaded for this call only (let-go.ts). */
export function withYaml<T>(fn: (yaml: typeof Yaml) => T): T {
  const once = requireForOnce(import.meta.url, 'yaml')
  try {
    return fn(once.require('yaml') as typeof Yaml)
  } finally {
    once.letGo()
  }
}

export function parseRules(text: string): ParseResult {
  return withYaml((yaml) => parseWith(yaml, text))
}

function parseWith({ LineCounter, parseDocument, isMap, isSeq, visit }: typeof Yaml, text: string): ParseResult {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const pos = (offset: number) => {
    const p = lines.linePos(offset)
    return { line: p.line, column: p.col }
  }
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => ({ rule: null, field: null, ...pos(e.pos[0]), message: inFileTerms(e.message.split('\n')[0]) })) }
  }
  let data: unknown
  try {
    data = doc.toJS() ?? { rules: [] }
  } catch (err) {
    // Aliases fail only here, thrown (an alias bomb: "Excessive alias count…"; an alias to no anchor).
    return { ok: false, errors: [{ rule: null, field: null, ...pos(unresolvedAlias(visit, doc)?.range?.[0] ?? 0), message: inFileTerms((err as Error).message) }] }
  }
  const parsed = RulesFileSchema.safeParse(data)
  if (parsed.success) return { ok: true, rules: parsed.data.rules }
  const errors = parsed.error.issues.map((issue): RuleError => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
    const node = deepestNode(isMap, isSeq, doc, path)
    const inRule = path[0] === 'rules' && typeof path[1] === 'number'
    let rule: string | null = null
    if (inRule) {
      const rules = (data as { rules?: unknown }).rules
      const r = Array.isArray(rules) ? (rules[path[1] as number] as { name?: unknown } | undefined) : undefined
      rule = typeof r?.name === 'string' ? r.name : `#${(path[1] as number) + 1}`
    }
    const fieldPath = inRule ? path.slice(2) : path
    const message =
      issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, 'is required')
    return {
      rule,
      field: fieldPath.length ? fieldPath.join('.') : null,
      ...pos(node?.range?.[0] ?? 0),
      message,
    }
  })
  return { ok: false, errors }
}

/** The first alias that names no anchor before it, if any. */
function unresolvedAlias(visit: typeof Yaml.visit, doc: Document): Node | null {
  let found: Node | null = null
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) !== undefined) return undefined
      found = node
      return visit.BREAK
    },
  })
  return found
}

/** The YAML node at path, or the deepest one that exists on the way (a missing field: its rule). */
function deepestNode(isMap: typeof Yaml.isMap, isSeq: typeof Yaml.isSeq, doc: Document, path: Array<string | number>): Node | null {
  let node: unknown = doc.contents
  let found: Node | null = (doc.contents as Node | null) ?? null
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)
      if (!pair) break
      node = pair.value
      found = (pair.value as Node | null) ?? (pair.key as Node)
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key]
      if (!node) break
      found = node as Node
    } else break
  }
  return found
}

/**
 * A rules file's text, or its read failure as one error at 1:1. Read as an import (a regular file of
 * at most MAX_RULES_FILE_BYTES, see market/read-file.ts): a FIFO or /dev/zero is refused instead of
 * hanging, a huge file before minutes of YAML parsing.
 */
export function readRulesText(file: string): { ok: true; text: string } | { ok: false; errors: RuleError[] } {
  try {
    return { ok: true, text: readImportFile(file, { maxBytes: MAX_RULES_FILE_BYTES, limitFor: 'a rules file' }).toString('utf8') }
  } catch (err) {
    const reason = err instanceof FileReadError ? err.reason : (err as Error).message
    return { ok: false, errors: [{ rule: null, field: null, line: 1, column: 1, message: `cannot read: ${reason}` }] }
  }
}

/** Reads and parses a rules file (readRulesText, then parseRules). */
export function readRulesFile(file: string): ParseResult {
  const r = readRulesText(file)
  return r.ok ? parseRules(r.text) : r
}

/** The YAML text of a rule list (defaults included, so the file shows what applies). */
export function rulesToYaml(rules: readonly Rule[]): string {
  const header = '# Gapwatch alert rules. Durations as in Prometheus (30s, 5m, 1h). See `gapwatch rules check`.\n'
  return header + withYaml(({ stringify }) => stringify({ rules: rules.map((r) => (r.kind === 'threshold' ? withoutKind(r) : r)) }, { lineWidth: 0 }))
}

function withoutKind<T extends { kind: string }>(r: T): Omit<T, 'kind'> {
  const { kind: _kind, ...rest } = r
  return rest
}

/**
 * The file's text for a rule list, or RulesLimitError naming the bound when the file could not be
 * read back with it (more than MAX_RULES rules, or YAML past MAX_RULES_FILE_BYTES): written, it
 * would fail at the next start and the rules would fall back to the last good ones.
 */
export function rulesFileText(rules: readonly Rule[]): string {
  if (rules.length > MAX_RULES) {
    throw new RulesLimitError(`At most ${MAX_RULES} rules can be kept (this would make ${rules.length}): delete one first.`)
  }
  const text = rulesToYaml(rules)
  const bytes = Buffer.byteLength(text)
  if (bytes > MAX_RULES_FILE_BYTES) {
    const mib = MAX_RULES_FILE_BYTES / 1024 / 1024
    throw new RulesLimitError(`The rules would take ${(bytes / 1024 / 1024).toFixed(1)} MiB, past the rules file's ${mib} MiB: delete or shorten some first.`)
  }
  return text
}

/** Writes atomically (a crash mid-write leaves the old file, never half a file); a list past the bounds is refused before anything is written (rulesFileText). */
export function writeRulesFile(file: string, rules: readonly Rule[]): void {
  writeFileAtomic(file, rulesFileText(rules))
}

/** A rule list past the rules file's bounds; nothing was written. */
export class RulesLimitError extends Error {
  override name = 'RulesLimitError'
}
