// `--out FILE` must not be one of the command's inputs: opening it for writing truncates it before
// it is read, and the user's file is gone. Compared by device and inode, so a symlink, a hard link
// or another spelling of the same path is caught too.
import fs from 'node:fs'
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
