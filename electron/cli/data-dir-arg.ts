// The data directory of a command that reads what an engine has stored (rules list/export/backtest,
// history export, report, cost). Such a command must not show defaults, or create an empty
// database, for a directory that is not there: a mistyped --data-dir is a usage error naming it.
import fs from 'node:fs'
import path from 'node:path'
import { defaultDataDir } from '../engine/data-dir.ts'
import { UsageError } from './common.ts'

/** The absolute data directory to read: `given` (--data-dir) or the default, which must be a readable directory. */
export function existingDataDir(given: string | undefined): string {
  const dir = path.resolve(given ?? defaultDataDir())
  const what = given === undefined ? `The data directory ${dir} (the default; give --data-dir)` : `--data-dir ${dir}`
  let stat: fs.Stats
  try {
    stat = fs.statSync(dir)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new UsageError(`${what}: no such directory.`)
    if (code === 'ENOTDIR') throw new UsageError(`${what}: a part of the path is a file, not a directory.`)
    throw new UsageError(`${what}: cannot be read (${code ?? String(err)}).`)
  }
  if (!stat.isDirectory()) throw new UsageError(`${what}: not a directory.`)
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.X_OK)
  } catch (err) {
    throw new UsageError(`${what}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`)
  }
  return dir
}

/** existingDataDir() that also holds a history database (gapwatch.db). */
export function dataDirWithHistory(given: string | undefined): string {
  const dir = existingDataDir(given)
  if (!fs.existsSync(path.join(dir, 'gapwatch.db'))) throw new UsageError(`No history in ${dir} (no gapwatch.db): give --data-dir.`)
  return dir
}
