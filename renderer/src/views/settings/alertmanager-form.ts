// Settings → Alertmanager's text read by the shared patch schema: the settings patch (a secret whose
// field is empty is left out, so the engine keeps the saved one) or each field's error in words.
import { AlertmanagerTargetPatchSchema, type AlertmanagerTargetPatch, type AlertmanagerTargetView } from '../../../../shared/settings-secrets.ts'

export type AuthType = 'none' | 'basic' | 'bearer'
export interface AlertmanagerFormText {
  enabled: boolean
  url: string
  auth: AuthType
  username: string
  /** Empty: keep the saved one. */
  password: string
  /** Empty: keep the saved one. */
  token: string
  resendSeconds: number
}
type Errors = Record<string, string>

export function textOf(t: AlertmanagerTargetView | null): AlertmanagerFormText {
  return {
    enabled: t !== null,
    url: t?.url ?? '',
    auth: t?.auth?.type ?? 'none',
    username: t?.auth?.type === 'basic' ? t.auth.username : '',
    password: '',
    token: '',
    resendSeconds: t?.resendSeconds ?? 60,
  }
}

/** The settings patch the form's text means (secrets left out keep the saved ones), or the errors by field. */
export function readAlertmanagerForm(f: AlertmanagerFormText, saved: AlertmanagerTargetView | null): { patch: AlertmanagerTargetPatch | null } | { errors: Errors } {
  if (!f.enabled) return { patch: null }
  const savedAuth = saved?.auth
  let auth: AlertmanagerTargetPatch['auth']
  if (f.auth === 'basic') auth = { type: 'basic', username: f.username, ...(f.password !== '' ? { password: f.password } : { passwordSet: savedAuth?.type === 'basic' && savedAuth.passwordSet }) }
  if (f.auth === 'bearer') auth = f.token !== '' ? { type: 'bearer', token: f.token } : { type: 'bearer', tokenSet: true }
  const input = { url: f.url, resendSeconds: f.resendSeconds, ...(auth ? { auth } : {}) }
  const r = AlertmanagerTargetPatchSchema.safeParse(input)
  const errors: Errors = {}
  if (!r.success) for (const issue of r.error.issues) errors[issue.path.join('.')] ??= issue.message
  if (f.auth === 'bearer' && f.token === '' && savedAuth?.type !== 'bearer') errors['auth.token'] ??= 'required: the token Alertmanager (or its proxy) expects'
  if (errors.resendSeconds) errors.resendSeconds = 'a whole number of seconds from 1 to 3600'
  return r.success && Object.keys(errors).length === 0 ? { patch: r.data } : { errors }
}
