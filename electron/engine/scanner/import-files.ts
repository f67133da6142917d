// The file side of a CSV import, none of which parses: the symbol a file name gives, a private staged
// copy in the imports folder's uploads area (the bytes a pool worker parses are the bytes kept), and
// the all-or-nothing swap of the staged file into place once the worker has validated and scanned it.
import { crypto, fs } from '../builtins.ts'
import path from 'node:path'
import { checkUnchanged, FileReadError, nonCsvName, nonCsvReason, openRegular, SNIFF_BYTES } from '../market/index.ts'

/** The file's base name and the symbol it names (its name without extension, upper case). */
export function importName(name: string): { base: string; symbol: string } {
  const base = path.basename(name)
  const symbol = base.replace(/\.[^.]*$/, '').toUpperCase()
  if (!/^[A-Z0-9._-]{1,40}$/.test(symbol)) throw new Error(`${base}: "${symbol}" is not a usable symbol name (letters, digits, . _ - only).`)
  return { base, symbol }
}

/** Where imports wait while a worker checks them (the server's uploads land there too). */
export function stagingDir(importDir: string): string {
  return path.join(importDir, '.uploads')
}

/**
 * Removes what a crash left in the staging folder (a copy or an upload cut short). Only for the
 * engine holding the data directory's lock, before it imports anything; a failure leaves them.
 */
export function sweepStaging(importDir: string): void {
  try {
    fs.rmSync(stagingDir(importDir), { recursive: true, force: true })
  } catch {
    // tried again at the next start
  }
}

function stagedName(importDir: string): string {
  const dir = stagingDir(importDir)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  return path.join(dir, `${crypto.randomBytes(16).toString('hex')}.csv`)
}

/** Writes an import's text to a new staged file (0600) and returns its path. */
export function stageText(importDir: string, content: string): string {
  const file = stagedName(importDir)
  fs.writeFileSync(file, content, { flag: 'wx', mode: 0o600 })
  return file
}

/**
 * Copies a picked file into a new staged file after checking, without parsing, that it is a regular
 * file within the import limit (FileReadError names the path) whose name and first bytes look like
 * CSV text (market/sniff.ts). Resolves to the staged path. The path is opened once and everything
 * after the check reads that descriptor, so swapping the path meanwhile (for a named pipe, a device,
 * another file) changes nothing; a file that changes while it is copied is refused.
 */
export async function stageCopy(importDir: string, source: string, displayName: string): Promise<string> {
  const badName = nonCsvName(displayName)
  if (badName) throw new FileReadError(displayName, `${badName}.`)
  const { fd, st } = openRegular(source)
  let file: string | null = null
  try {
    const head = Buffer.alloc(SNIFF_BYTES)
    const notCsv = nonCsvReason(head.subarray(0, fs.readSync(fd, head, 0, SNIFF_BYTES, 0)))
    if (notCsv) throw new FileReadError(displayName, `${notCsv}.`)
    file = stagedName(importDir)
    // Off the engine's thread: a 64 MiB copy would otherwise hold it up.
    const copied = await copyOut(fd, file, Number(st.size))
    checkUnchanged(source, st, fs.fstatSync(fd, { bigint: true }), copied)
    return file
  } catch (err) {
    if (file) fs.rmSync(file, { force: true })
    throw err
  } finally {
    fs.closeSync(fd)
  }
}

/** Copies the open file `fd` to the new file `to` (0600), reading at most one byte past `size`; resolves to the bytes copied. */
async function copyOut(fd: number, to: string, size: number): Promise<number> {
  const out = await fs.promises.open(to, 'wx', 0o600)
  try {
    const buf = Buffer.alloc(Math.min(size + 1, 1024 * 1024))
    let pos = 0
    while (pos <= size) {
      const n = await new Promise<number>((resolve, reject) => {
        fs.read(fd, buf, 0, Math.min(buf.length, size + 1 - pos), pos, (err, k) => (err ? reject(err) : resolve(k)))
      })
      if (n === 0) break
      for (let w = 0; w < n; ) w += (await out.write(buf, w, n - w, pos + w)).bytesWritten
      pos += n
    }
    return pos
  } finally {
    await out.close()
  }
}

/**
 * Moves a validated staged file to `final`, replacing an earlier import of the symbol, in one
 * rename (atomic on POSIX; libuv's MoveFileEx replaces on Windows): either the new file is in
 * place, or (on an error, which is thrown) the earlier one still is. A rename keeps the file's
 * mtime, so the candle cache written for it under `final` matches.
 */
export function placeImport(staged: string, final: string): void {
  fs.renameSync(staged, final)
}
