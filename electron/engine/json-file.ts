// A small JSON settings file read and validated in one place (the hosts files of serve and the desktop):
// none when it does not exist; otherwise an error naming the file and, for a bad value, the field.
// Written in one place too: whole or not at all (a temp file, fsync'd, renamed over the old one).
import { crypto, fs } from './builtins.ts'
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

/**
 * Replaces `file` with `text` atomically: written to a temporary file beside it (created with
 * `mode`, before the umask), fsync'd, then renamed over it. A failure at any step (a full disk
 * mid-write) throws and leaves the old file as it was, and no temporary file behind.
 */
export function writeFileAtomic(file: string, text: string, mode = 0o666): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
  const bytes = Buffer.from(text)
  let fd: number | null = null
  try {
    fd = fs.openSync(tmp, 'wx', mode)
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at)
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fd = null
    fs.renameSync(tmp, file)
  } catch (err) {
    // Each cleanup on its own (a failing close must not keep the temporary file); the first error
    // is the one worth reporting.
    try {
      if (fd !== null) fs.closeSync(fd)
    } catch {
      // reported below
    }
    try {
      fs.rmSync(tmp, { force: true })
    } catch {
      // reported below
    }
    throw err
  }
}

/** Writes `value` as indented JSON (a final newline) with writeFileAtomic, the file created with `mode`. */
export function writeJsonFile(file: string, value: unknown, mode: number): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', mode)
}
