// Secrets in the settings (the Alertmanager basic-auth password and bearer token) never leave the
// engine. Every client (the desktop window over IPC, every browser over `gapwatch serve`) gets the
// REDACTED view below: the secret removed, a flag (`passwordSet`, `tokenSet`) in its place.
//
// A settings patch is read back with the same rule, so a client that sends the view back (the
// Settings view saves its whole draft) does not wipe the secret:
// - `password` / `token` omitted (or only the flag sent): the stored secret is KEPT, provided the
//   stored auth is of the same type and the Alertmanager's origin (scheme, host, port) is unchanged,
//   so a patch cannot redirect a stored secret to another server;
// - a string: it REPLACES the stored secret;
// - `null`: CLEARS it (a basic-auth password becomes empty; a bearer token cannot be empty, so
//   clearing it is refused: remove `auth` instead). Removing `auth` removes both.
import { z } from 'zod'
import {
  AlertmanagerBasicAuthSchema,
  AlertmanagerBearerAuthSchema,
  AlertmanagerTargetSchema,
  SettingsPatchSchema,
  SettingsSchema,
  type AlertmanagerTarget,
  type Settings,
} from './settings.ts'

const BasicAuthViewSchema = AlertmanagerBasicAuthSchema.omit({ password: true }).extend({ passwordSet: z.boolean() })
const BearerAuthViewSchema = AlertmanagerBearerAuthSchema.omit({ token: true }).extend({ tokenSet: z.boolean() })

/** An Alertmanager target as clients see it: no password, no token. */
export const AlertmanagerTargetViewSchema = AlertmanagerTargetSchema.extend({
  auth: z.discriminatedUnion('type', [BasicAuthViewSchema, BearerAuthViewSchema]).optional(),
})
export type AlertmanagerTargetView = z.infer<typeof AlertmanagerTargetViewSchema>

/** The settings as clients see them (getSettings, setSettings' reply, the `settings` event). */
export const SettingsViewSchema = SettingsSchema.extend({
  alertmanager: AlertmanagerTargetViewSchema.nullable().default(null),
})
export type SettingsView = z.infer<typeof SettingsViewSchema>

/** An Alertmanager target in a patch: the secret optional (kept), `null` (cleared) or new; the flags ignored. */
export const AlertmanagerTargetPatchSchema = AlertmanagerTargetSchema.extend({
  auth: z
    .discriminatedUnion('type', [
      AlertmanagerBasicAuthSchema.extend({
        password: AlertmanagerBasicAuthSchema.shape.password.nullable().optional(),
        passwordSet: z.boolean().optional(),
      }),
      AlertmanagerBearerAuthSchema.extend({
        token: AlertmanagerBearerAuthSchema.shape.token.nullable().optional(),
        tokenSet: z.boolean().optional(),
      }),
    ])
    .optional(),
})
export type AlertmanagerTargetPatch = z.infer<typeof AlertmanagerTargetPatchSchema>

/** What setSettings accepts: a settings patch whose Alertmanager target may be the redacted view. */
export const SettingsPatchInputSchema = SettingsPatchSchema.extend({
  alertmanager: AlertmanagerTargetPatchSchema.nullable().optional(),
})
export type SettingsPatchInput = z.infer<typeof SettingsPatchInputSchema>

/** The view clients get: every secret replaced by a flag. */
export function redactSettings(s: Settings): SettingsView {
  return { ...s, alertmanager: s.alertmanager && redactAlertmanager(s.alertmanager) }
}

function redactAlertmanager(t: AlertmanagerTarget): AlertmanagerTargetView {
  const { auth, ...rest } = t
  if (!auth) return rest
  if (auth.type === 'basic') return { ...rest, auth: { type: 'basic', username: auth.username, passwordSet: auth.password !== '' } }
  return { ...rest, auth: { type: 'bearer', tokenSet: true } }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin
  } catch {
    return false
  }
}

/**
 * The Alertmanager target a patch leads to, the stored secret kept where the patch omits it (rules
 * at the top of this file). `undefined` / `null` pass through (field not patched / no target). Throws
 * an Error naming the field when a secret is needed and none can be kept.
 */
export function resolveAlertmanagerPatch(
  stored: AlertmanagerTarget | null,
  patch: AlertmanagerTargetPatch | null | undefined,
): AlertmanagerTarget | null | undefined {
  if (patch === undefined || patch === null) return patch
  const { auth, ...rest } = patch
  if (!auth) return rest
  const keep = stored?.auth && stored.auth.type === auth.type && sameOrigin(stored.url, patch.url) ? stored.auth : undefined
  const elsewhere = stored?.auth && !sameOrigin(stored.url, patch.url) ? ' (a stored secret is kept only for the same Alertmanager origin; enter it again)' : ''
  if (auth.type === 'basic') {
    let password: string
    if (auth.password === null) password = ''
    else if (auth.password !== undefined) password = auth.password
    else if (keep?.type === 'basic') password = keep.password
    else if (auth.passwordSet) throw new Error(`alertmanager.auth.password: no stored password to keep${elsewhere}`)
    else password = ''
    return { ...rest, auth: { type: 'basic', username: auth.username, password } }
  }
  if (auth.token === null) throw new Error('alertmanager.auth.token: a bearer token cannot be cleared; remove alertmanager.auth instead')
  const token = auth.token ?? (keep?.type === 'bearer' ? keep.token : undefined)
  if (token === undefined) throw new Error(`alertmanager.auth.token: required, and there is no stored token to keep${elsewhere}`)
  return { ...rest, auth: { type: 'bearer', token } }
}
