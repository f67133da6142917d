// Text fields that must stay on one line (a token sent in an HTTP header, a name in a menu).
import type { z } from 'zod'

/**
 * `schema` refined to text without control characters (Unicode category Cc: CR, LF, tab, NUL, DEL
 * and the rest), which would end a header early or break a line. The message starts with what is
 * refused; `hint` says what to do instead.
 */
export function noControlChars(schema: z.ZodString, hint?: string): z.ZodString {
  return schema.regex(/^\P{Cc}*$/u, `no line breaks, tabs or other control characters${hint ? `: ${hint}` : ''}`)
}
