// User settings: saved in SQLite, validated by this schema on both sides, applied without a restart.
import { RE2JS } from 're2js'
import { z } from 'zod'
import { FvgOptionsSchema } from './fvg.ts'

/**
 * The largest compiled pattern accepted, in RE2 instructions. Matching takes time linear in the
 * command line's length (at most 4 KiB) times, at worst, this size: `.{999}` (1,001 instructions)
 * takes ~25 ms per 4 KiB line, once per process (matches are cached per process). Without a bound a
 * 500-character pattern of repeats could compile to ~100,000. A 500-character literal or a 50-word
 * alternation stays well below it.
 */
export const MAX_PATTERN_PROGRAM = 2000

/**
 * Compiles a process-group pattern on RE2JS, a linear-time engine: a user pattern runs over every
 * command line on the engine's thread, and a backtracking engine can take forever on one like
 * `^(.+)+!$`. JavaScript syntax is translated first (`(?<name>…)`, `\u{…}`); what RE2 cannot do in
 * linear time (backreferences, lookahead) throws. Case-insensitive.
 */
export function compileProcessPattern(pattern: string): RE2JS {
  if (pattern === '') throw new Error('empty pattern')
  const re = RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.CASE_INSENSITIVE)
  const size = re.programSize()
  if (size > MAX_PATTERN_PROGRAM) throw new Error(`too complex (${size} RE2 instructions, the limit is ${MAX_PATTERN_PROGRAM})`)
  return re
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
    name: z.string().trim().min(1).max(60),
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
  processGroups: z.array(ProcessGroupPatternSchema).max(50).default([
    { name: 'trading stack', pattern: 'python.*strategy|MetaTrader|terminal64|ib-?gateway|tws|ninjatrader|sierra' },
  ]),
  watchlist: z.array(z.string().trim().min(1).max(40)).max(500).default([]),
  scan: FvgOptionsSchema.default(FvgOptionsSchema.parse({})),
  trayOnClose: z.boolean().default(true),
})
export type Settings = z.infer<typeof SettingsSchema>
export const defaultSettings: Settings = SettingsSchema.parse({})

/** A partial update: any top-level field, each validated by the full schema once merged. */
export const SettingsPatchSchema = SettingsSchema.partial()
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>
