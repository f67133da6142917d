// User settings: saved in SQLite, validated by this schema on both sides, applied without a restart.
import { RE2JS } from 're2js'
import { z } from 'zod'
import { TargetUrlSchema } from './url.ts'
import { noControlChars } from './text.ts'
import { METRIC_LIST_SEPARATOR } from './metrics.ts'
import { FvgOptionsSchema } from './fvg.ts'
import { CostSettingsSchema, defaultCostSettings } from './cost.ts'
import { ReportScheduleSchema, defaultReportSchedule } from './report.ts'

/**
 * Bounds on process-group patterns. RE2 matches in time linear in the input, but its cost per byte
 * grows with the program (each instruction can hold a live thread): under the old 2,000-instruction
 * cap `(?s:.){999}(?s:.){990}z` took 0.6–0.8 s per 4 KiB command line, and 50 such groups froze the
 * engine 23.5 s (again for every new process, and again after a restart since settings are stored).
 * So: a program of at most MAX_PATTERN_PROGRAM instructions (a 300-character literal, a 30-word
 * alternation), counted repetition `{n}` / `{n,m}` with n, m ≤ MAX_PATTERN_REPEAT, at most
 * MAX_TOTAL_PATTERN_PROGRAM instructions across all groups, and only the first
 * MAX_MATCHED_COMMAND_CHARS of a command line are matched (the sampler reads at most 4 KiB). What is
 * left is bounded at run time: see electron/engine/sampler/groups.ts.
 */
export const MAX_PATTERN_PROGRAM = 400
export const MAX_PATTERN_REPEAT = 100
export const MAX_TOTAL_PATTERN_PROGRAM = 1000
export const MAX_MATCHED_COMMAND_CHARS = 1024

/** The largest `n` or `m` of a counted repetition `{n}`, `{n,}`, `{n,m}` in `pattern` (0 when none). */
function largestRepeat(pattern: string): number {
  let most = 0
  for (const m of pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) most = Math.max(most, Number(m[1]), Number(m[2] || 0))
  return most
}

/**
 * Compiles a process-group pattern on RE2JS, a linear-time engine: a user pattern runs over every
 * command line on the engine's thread, and a backtracking engine can take forever on one like
 * `^(.+)+!$`. JavaScript syntax is translated first (`(?<name>…)`, `\u{…}`); what RE2 cannot do in
 * linear time (backreferences, lookahead) throws, and so does a pattern past the bounds above.
 * Case-insensitive.
 */
export function compileProcessPattern(pattern: string): RE2JS {
  if (pattern === '') throw new Error('empty pattern')
  const repeat = largestRepeat(pattern)
  if (repeat > MAX_PATTERN_REPEAT) throw new Error(`repeats ${repeat} times (a counted repetition {n} may be at most ${MAX_PATTERN_REPEAT})`)
  const re = RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.CASE_INSENSITIVE)
  const size = re.programSize()
  if (size > MAX_PATTERN_PROGRAM) throw new Error(`too complex (${size} RE2 instructions, the limit is ${MAX_PATTERN_PROGRAM})`)
  return re
}

/** The compiled size of a pattern (0 when it does not compile: that is reported on its own). */
export function processPatternSize(pattern: string): number {
  try {
    return compileProcessPattern(pattern).programSize()
  } catch {
    return 0
  }
}

/** The reason in a compileProcessPattern error, without RE2's "error parsing regexp: " prefix. */
export function patternErrorMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/^error parsing regexp: /, '')
}

/** Why a pattern cannot be used, or null when it compiles. */
export function processPatternProblem(pattern: string): string | null {
  try {
    compileProcessPattern(pattern)
    return null
  } catch (err) {
    return patternErrorMessage(err)
  }
}

export const ProcessGroupPatternSchema = z
  .object({
    // The name goes into metric names (group.NAME.cpu) and Prometheus labels, which are one line:
    // a name with a line break was accepted and its series were silently missing from /metrics.
    // Nor a comma: /api/query?metrics= and `history export --metrics` split their lists on it, so a
    // group "py,thon" was recorded and shown but could not be read over HTTP or exported.
    name: noControlChars(z.string().trim().min(1).max(60)).refine((n) => !n.includes(METRIC_LIST_SEPARATOR), {
      message: `no "${METRIC_LIST_SEPARATOR}": a group's name is part of its metric names (group.NAME.cpu), and lists of metrics (/api/query?metrics=, history export --metrics) are separated by "${METRIC_LIST_SEPARATOR}"`,
    }),
    /** A regular expression (RE2 syntax, case-insensitive) matched against the process name and command line. */
    pattern: z.string().min(1).max(500),
  })
  .superRefine((g, ctx) => {
    const problem = processPatternProblem(g.pattern)
    if (problem !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `group "${g.name}": pattern "${g.pattern}" cannot be used: ${problem} (RE2 syntax: no backreferences or lookaround)`,
      })
    }
  })
export type ProcessGroupPattern = z.infer<typeof ProcessGroupPatternSchema>

/**
 * A group's name is its series' name (group.NAME.cpu) and its Prometheus label: two groups of one
 * name made two samples of one series in each /metrics scrape, history kept either value, and a
 * `for:` rule on it was fed 0 and ~100 in turn, so it never fired. Names are compared as stored
 * (trimmed) and without case, since people read and type them: "Burn" and "burn" would be two
 * series nobody can tell apart. Each issue is at the later group's name, naming the earlier one.
 */
export function sameNameIssues(groups: readonly { name: string }[]): { path: [number, 'name']; message: string }[] {
  const first = new Map<string, number>()
  const issues: { path: [number, 'name']; message: string }[] = []
  groups.forEach((g, i) => {
    const key = g.name.trim().toLowerCase()
    const earlier = first.get(key)
    if (earlier === undefined) first.set(key, i)
    else issues.push({ path: [i, 'name'], message: `"${g.name.trim()}" is already the name of processGroups[${earlier}] ("${groups[earlier].name.trim()}"): each group needs its own name, which names its series` })
  })
  return issues
}

/**
 * An Alertmanager to deliver alerts to (POST /api/v2/alerts): its base URL and optional basic auth
 * or a bearer token; firing alerts are re-sent every `resendSeconds` (Prometheus' default is 60).
 * The password and token never leave the engine: clients see shared/settings-secrets.ts' view.
 */
export const AlertmanagerBasicAuthSchema = z.object({ type: z.literal('basic'), username: z.string().min(1).max(200), password: z.string().max(500) })
export const AlertmanagerBearerAuthSchema = z.object({ type: z.literal('bearer'), token: z.string().min(1).max(2000) })
export const AlertmanagerTargetSchema = z
  .object({
    url: TargetUrlSchema,
    auth: z.discriminatedUnion('type', [AlertmanagerBasicAuthSchema, AlertmanagerBearerAuthSchema]).optional(),
    resendSeconds: z.number().int().min(1).max(3600).default(60),
  })
  .strict()
export type AlertmanagerTarget = z.infer<typeof AlertmanagerTargetSchema>

export const SettingsSchema = z.object({
  sampleIntervalMs: z.number().int().min(250).max(60_000).default(1000),
  retention: z
    .object({
      rawHours: z.number().int().min(1).max(24 * 14).default(48),
      minuteDays: z.number().int().min(1).max(365).default(30),
      hourDays: z.number().int().min(1).max(3650).default(730),
    })
    .default({ rawHours: 48, minuteDays: 30, hourDays: 730 }),
  /** Pool size; 0 = automatic (cores − 1, at least 1). */
  workers: z.number().int().min(0).max(64).default(0),
  /** Idle pool workers exit after this many seconds (a worker holds ~100 MB after a scan); 0 = never. */
  workerIdleSec: z.number().int().min(0).max(86_400).default(60),
  processGroups: z.array(ProcessGroupPatternSchema).max(50).superRefine((groups, ctx) => {
    sameNameIssues(groups).forEach((issue) => ctx.addIssue({ code: 'custom', ...issue }))
    const sizes = groups.map((g) => ({ name: g.name, size: processPatternSize(g.pattern) }))
    const total = sizes.reduce((t, g) => t + g.size, 0)
    if (total > MAX_TOTAL_PATTERN_PROGRAM) {
      const largest = sizes.sort((a, b) => b.size - a.size).slice(0, 5).map((g) => `"${g.name}" ${g.size}`).join(', ')
      ctx.addIssue({
        code: 'custom',
        message: `the process groups' patterns compile to ${total} RE2 instructions in all, the limit is ${MAX_TOTAL_PATTERN_PROGRAM} (largest: ${largest}): simplify or remove some groups`,
      })
    }
  }).default([
    { name: 'trading stack', pattern: 'python.*strategy|MetaTrader|terminal64|ib-?gateway|tws|ninjatrader|sierra' },
  ]),
  watchlist: z.array(z.string().trim().min(1).max(40)).max(500).default([]),
  scan: FvgOptionsSchema.default(FvgOptionsSchema.parse({})),
  trayOnClose: z.boolean().default(true),
  /** Alert delivery to an Alertmanager; null: none. */
  alertmanager: AlertmanagerTargetSchema.nullable().default(null),
  /** Settings → Cost: pricing, capacity, trades and the analysis' knobs (shared/cost.ts). */
  cost: CostSettingsSchema.default(defaultCostSettings),
  /** Scheduled reports (shared/report.ts): cron in a time zone, PDF and JSON into the reports folder. */
  reportSchedule: ReportScheduleSchema.default(defaultReportSchedule),
})
export type Settings = z.infer<typeof SettingsSchema>
export const defaultSettings: Settings = SettingsSchema.parse({})

/** A partial update: any top-level field, each validated by the full schema once merged. */
export const SettingsPatchSchema = SettingsSchema.partial()
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>
