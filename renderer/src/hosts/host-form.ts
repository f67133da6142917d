// The hosts form's text read by the shared schema: the host to save (an empty token left out, so the
// saved one is kept) or each field's error in words.
import { HostSaveSchema, hostKey, type HostSave, type PublicHost } from '../../../shared/hosts.ts'

export type HostFormErrors = Partial<Record<'name' | 'url' | 'token' | 'form', string>>

/** The host to save from the form's text (an empty token: keep the saved one), or the errors by field. */
export function readHostForm(text: { name: string; url: string; token: string }, taken: PublicHost[], editing: PublicHost | null): { host: HostSave } | { errors: HostFormErrors } {
  const input = { name: text.name, url: text.url, ...(text.token === '' ? {} : { token: text.token }) }
  const r = HostSaveSchema.safeParse(input)
  const errors: HostFormErrors = {}
  if (!r.success) for (const issue of r.error.issues) errors[(issue.path[0] as keyof HostFormErrors) ?? 'form'] ??= issue.message
  const name = hostKey(text.name.trim())
  if (!editing && name && taken.some((h) => hostKey(h.name) === name)) errors.name ??= 'a host with this name is saved already: edit it in the list'
  return r.success && Object.keys(errors).length === 0 ? { host: r.data } : { errors }
}
