import type { z } from 'zod'

/** Formats a zod error as one line naming each bad field and why. */
export function describeZodError(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ')
}
