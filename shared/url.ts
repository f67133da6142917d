// An http(s) URL that a delivery target POSTs to. Credentials never ride in the URL: the URL is shown
// to every client (settings view, delivery log), so a secret belongs in the target's `auth`, which the
// settings view redacts (shared/settings-secrets.ts).
import { z } from 'zod'

export const TargetUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((u) => {
    const p = URL.parse(u)
    return p !== null && p.username === '' && p.password === ''
  }, { message: 'must not carry a user name or password (use auth instead: the URL is shown to every client)' })
