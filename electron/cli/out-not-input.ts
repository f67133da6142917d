// `--out FILE` must not be one of the command's inputs: opening it for writing truncates it before
// it is read, and the user's file is gone. Compared by device and inode, so a symlink, a hard link
// or another spelling of the same path is caught too. Nor may it be one of the data directory's own
// files (`history export --out DIR/gapwatch.db` wrote CSV over the database, whose history the next
// start moved aside as damaged; `rules export --out DIR/rules.yaml` replaced the rules it read).
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

/** Throws a UsageError when `out` is the same file as one of `inputs`. */
export function checkOutIsNoInput(out: string, inputs: readonly string[]): void {
  const id = identity(out)
  if (id === null) return
  const input = inputs.find((f) => identity(f) === id)
  if (input !== undefined) throw new UsageError(`--out: ${out} is the input file ${input}; writing it would destroy it. Choose another file.`)
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
