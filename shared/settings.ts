// User settings: saved in SQLite, validated by this schema on both sides, applied without a restart.
import { z } from 'zod'
import { FvgOptionsSchema } from './fvg.ts'

export const ProcessGroupPatternSchema = z.object({
  name: z.string().trim().min(1).max(60),
  /** A regular expression (case-insensitive) matched against the process name and command line. */
  pattern: z.string().min(1).max(500),
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
