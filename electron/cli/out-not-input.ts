// `--out FILE` must not be one of the command's inputs: opening it for writing truncates it before
// it is read, and the user's file is gone. Compared by device and inode, so a symlink, a hard link
// or another spelling of the same path is caught too. Nor may it be one of the data directory's own
// files (`history export --out DIR/gapwatch.db` wrote CSV over the database, whose history the next
// start moved aside as damaged; `rules export --out DIR/rules.yaml` replaced the rules it read).
// And it must be a file that can be written (checkOutFile): said before any work, in words. The same
// for standard output redirected to an input (`>> F.csv`: checkStdoutIsNoInput).
import { fs } from '../engine/builtins.ts'
import path from 'node:path'
import { UsageError } from './common.ts'

function identity(file: string): string | null {
  try {
    const s = fs.statSync(file)
    return `${s.dev}:${s.ino}`
  } catch {
    return null // missing (it will be created) or unreadable (the open says why)
  }
}

/**
 * Throws a UsageError, before any work is done, when `out` cannot be written as a file: a directory,
 * a folder that does not exist or is not a folder, or one this user may not write. Node's own words
 * ("EISDIR: illegal operation on a directory, open …") once came only after a whole export or
 * report was computed.
 */
export function checkOutFile(out: string): void {
  let s: ReturnType<typeof fs.statSync> | null
  try {
    s = fs.statSync(out)
  } catch {
    s = null // missing: it will be created in its folder
  }
  if (s?.isDirectory()) throw new UsageError(`--out: ${out} is a directory; give a file name, such as ${path.join(out, 'NAME')}.`)
  const target = s ? out : path.dirname(path.resolve(out))
  if (!s) {
    let dir: ReturnType<typeof fs.statSync>
    try {
      dir = fs.statSync(target)
    } catch {
      throw new UsageError(`--out: the folder ${target} does not exist; create it first or choose another.`)
    }
    if (!dir.isDirectory()) throw new UsageError(`--out: ${target} is not a folder.`)
  }
  try {
    fs.accessSync(target, fs.constants.W_OK)
  } catch {
    throw new UsageError(s ? `--out: ${out} cannot be written (permission denied).` : `--out: no file can be made in ${target} (permission denied).`)
  }
}

/** Throws a UsageError when `out` is the same file as one of `inputs`. */
export function checkOutIsNoInput(out: string, inputs: readonly string[]): void {
  const id = identity(out)
  if (id === null) return
  const input = inputs.find((f) => identity(f) === id)
  if (input !== undefined) throw new UsageError(`--out: ${out} is the input file ${input}; writing it would destroy it. Choose another file.`)
}

/**
 * Throws a UsageError when standard output is one of `inputs` (`gapwatch scan F.csv >> F.csv`): the
 * output's first row would land in the input before it is read, and the scan would then blame it as
 * the user's row, or say the file changed while it was read. Said before anything is written.
 */
export function checkStdoutIsNoInput(inputs: readonly string[]): void {
  let id: string
  try {
    const s = fs.fstatSync(1)
    if (!s.isFile()) return // a terminal, pipe or device is no input file
    id = `${s.dev}:${s.ino}`
  } catch {
    return // closed: the write says why
  }
  const input = inputs.find((f) => identity(f) === id)
  if (input !== undefined) {
    throw new UsageError(`Standard output is the input file ${input}; writing it would change the file while it is read. Send the output to another file (--out FILE, or > FILE).`)
  }
}

/** Throws a UsageError when `out` is one of the files at the top of `dataDir` (its database and log, rules, hosts). */
export function checkOutIsNoDataFile(out: string, dataDir: string): void {
  const id = identity(out)
  if (id === null) return
  let names: string[]
  try {
    names = fs.readdirSync(dataDir)
  } catch {
    return // no such directory: it holds nothing to destroy
  }
  const file = names.map((n) => path.join(dataDir, n)).find((f) => identity(f) === id && fs.statSync(f).isFile())
  if (file !== undefined) throw new UsageError(`--out: ${out} is ${path.basename(file)}, a file of the data directory ${dataDir}; writing it would destroy it. Choose another file.`)
}
