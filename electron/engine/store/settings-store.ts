// Settings in SQLite as one validated JSON document. A stored value that no longer validates
// (hand-edited, older version) falls back to the default for that field, with a warning.
import type { z } from 'zod'
import type { Db } from './database.ts'
import { describeWriteError, type WriteHealth } from './write-health.ts'
import { SettingsSchema, defaultSettings, type Settings } from '../../../shared/settings.ts'
import { describeZodError } from '../../../shared/contract.ts'
import { SettingsPatchInputSchema, resolveAlertmanagerPatch } from '../../../shared/settings-secrets.ts'

export class SettingsStore {
  private readonly db: Db
  private current: Settings
  private readonly health: WriteHealth | undefined

  constructor(db: Db, onWarning: (message: string) => void = () => {}, options: { health?: WriteHealth } = {}) {
    this.db = db
    this.health = options.health
    const row = db.prepare("SELECT value FROM settings WHERE key = 'settings'").get() as { value: string } | undefined
    this.current = row ? load(row.value, onWarning) : defaultSettings
  }

  get(): Settings {
    return this.current
  }

  /**
   * Validates the merged settings, saves them, and returns them. Throws with the bad fields named,
   * or, when they cannot be saved (disk full), with the cause; then nothing changes, in memory either.
   */
  update(patch: unknown): Settings {
    const parsedPatch = SettingsPatchInputSchema.safeParse(withNestedKept(this.current, patch))
    if (!parsedPatch.success) throw new Error(`Invalid settings: ${describeZodError(parsedPatch.error)}`)
    // The Alertmanager secret: kept when the patch omits it (a client only ever sees it redacted).
    let alertmanager
    try {
      alertmanager = resolveAlertmanagerPatch(this.current.alertmanager, parsedPatch.data.alertmanager)
    } catch (err) {
      throw new Error(`Invalid settings: ${(err as Error).message}`, { cause: err })
    }
    // zod's partial() still fills each omitted field's default: keep only the fields the patch names,
    // or a patch of one field would reset every other one (watchlist, groups, cost...) to its default.
    const named = new Set(Object.keys(patch as object))
    const { alertmanager: _omitted, ...given } = parsedPatch.data
    const rest = Object.fromEntries(Object.entries(given).filter(([k]) => named.has(k)))
    const merged = SettingsSchema.safeParse({ ...this.current, ...rest, ...(alertmanager === undefined ? {} : { alertmanager }) })
    if (!merged.success) throw new Error(`Invalid settings: ${describeZodError(merged.error)}`)
    try {
      this.db
        .prepare("INSERT INTO settings (key, value) VALUES ('settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .run(JSON.stringify(merged.data))
      this.health?.succeeded()
    } catch (err) {
      this.health?.failed('the settings', err, 'they were left unchanged.')
      throw new SettingsNotSavedError(`The settings could not be saved (${describeWriteError(err)}); nothing was changed.`, { cause: err })
    }
    this.current = merged.data
    return merged.data
  }
}

/** A plain JSON object (not an array, not null). */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * The patch with each nested object it names laid over the current one: zod fills the default of
 * every field a nested object omits, so `{retention: {rawHours: 24}}` reset minuteDays and hourDays
 * to their defaults (and the next hour's close deleted the history past them), `{cost: {headroom}}`
 * reset lookbackDays. One level: a nested object's own objects (cost.pricing, a union by kind) are
 * replaced whole. The Alertmanager target has its own rules (resolveAlertmanagerPatch).
 */
function withNestedKept(current: Settings, patch: unknown): unknown {
  if (!isRecord(patch)) return patch
  const now = current as unknown as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(patch).map(([k, v]) => {
      const old = Object.hasOwn(now, k) ? now[k] : undefined
      return [k, k !== 'alertmanager' && isRecord(v) && isRecord(old) ? { ...old, ...v } : v]
    }),
  )
}

export class SettingsNotSavedError extends Error {
  override name = 'SettingsNotSavedError'
}

function load(json: string, onWarning: (message: string) => void): Settings {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    onWarning('Saved settings could not be read; using the defaults.')
    return defaultSettings
  }
  const whole = SettingsSchema.safeParse(parsed)
  if (whole.success) return whole.data
  // A document that is not an object (null, a string, a list) keeps nothing: `null` once stopped
  // serve, the desktop and every CLI command ("Cannot read properties of null").
  const raw: Record<string, unknown> = isRecord(parsed) ? parsed : {}
  // Keep every field that still validates on its own; in a list (process groups, the watchlist),
  // keep every item that still validates, so one bad pattern does not cost the user the others.
  // Reset the rest.
  const kept: Record<string, unknown> = {}
  const shape = SettingsSchema.shape
  for (const key of Object.keys(shape) as Array<keyof typeof shape>) {
    const value = raw[key]
    if (shape[key].safeParse(value).success) kept[key] = value
    else if (Array.isArray(value)) {
      const good = value.filter((item: unknown) => shape[key].safeParse([item]).success)
      if (good.length > 0 && shape[key].safeParse(good).success) kept[key] = good
      else if (good.length > 0) {
        const together = keptTogether(shape[key], good)
        if (together.length > 0) kept[key] = together
      }
    }
  }
  onWarning(`Some saved settings were invalid and were reset to defaults: ${describeZodError(whole.error)}`)
  return SettingsSchema.parse(kept)
}

/**
 * The items without the ones a list-level check names (of two process groups saved with one name,
 * accepted before names had to be unique, the later one), when the rest is valid; else none: a
 * check of the whole list (the patterns' total size) still resets it.
 */
function keptTogether(schema: z.ZodType, items: unknown[]): unknown[] {
  const r = schema.safeParse(items)
  if (r.success) return items
  const named = new Set(r.error.issues.map((i) => i.path[0]).filter((i): i is number => typeof i === 'number'))
  const rest = items.filter((_, i) => !named.has(i))
  return rest.length > 0 && schema.safeParse(rest).success ? rest : []
}
