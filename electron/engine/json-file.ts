// A small JSON settings file read and validated in one place (the hosts files of serve and the desktop):
// none when it does not exist; otherwise an error naming the file and, for a bad value, the field.
import fs from 'node:fs'
import type { z } from 'zod'
import { describeZodError } from '../../shared/zod-error.ts'
import { MAX_JSON_FILE_BYTES } from '../../shared/limits.ts'
import { FileReadError, readImportFile } from './market/read-file.ts'

/** The text without a leading UTF-8 byte order mark, which editors such as Windows Notepad write and JSON.parse refuses. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

export function readJsonFile<S extends z.ZodType>(file: string, schema: S, empty: z.output<S>): z.output<S> {
  if (!fs.existsSync(file)) return empty
  let text: string
  try {
    // A regular file within the bound: readFileSync on a FIFO blocked the engine's thread.
    text = readImportFile(file, { maxBytes: MAX_JSON_FILE_BYTES, limitFor: 'a settings file' }).toString('utf8')
  } catch (err) {
    if (err instanceof FileReadError) throw err
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err })
  }
  let json: unknown
  try {
    json = JSON.parse(withoutBom(text))
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message})`, { cause: err })
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new Error(`${file}: ${describeZodError(parsed.error)}`)
  return parsed.data
}
