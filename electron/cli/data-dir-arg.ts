// The data directory of a command that reads what an engine has stored (rules list/export/backtest,
// history export, report, cost). Such a command must not show defaults, or create an empty
// database, for a directory that is not there: a mistyped --data-dir is a usage error naming it.
// The default directory is different for the rules (rulesDataDir): before the first serve it is
// not there yet, and `rules list`/`rules export` then show the default rules, as their help says.
import type { Stats } from 'node:fs'
import { fs } from '../engine/builtins.ts'
import path from 'node:path'
import { defaultDataDir } from '../engine/data-dir.ts'
import { UsageError } from './common.ts'

/** The absolute data directory to read: `given` (--data-dir) or the default, which must be a readable directory. */
export function existingDataDir(given: string | undefined): string {
  const dir = path.resolve(given ?? defaultDataDir())
  const what = given === undefined ? `The data directory ${dir} (the default; give --data-dir)` : `--data-dir ${dir}`
  let stat: Stats
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

/**
 * The data directory whose rules.yaml `rules list`/`rules export` read: existingDataDir(), except
 * that a default directory not created yet (a fresh install) is returned as it is, so the caller
 * shows the default rules. A --data-dir the user named must exist: a typo there is a usage error.
 */
export function rulesDataDir(given: string | undefined): string {
  if (given === undefined) {
    const dir = path.resolve(defaultDataDir())
    if (isMissing(dir)) return dir
  }
  return existingDataDir(given)
}

/** True when `dir` is plainly absent (ENOENT), not hidden by a file or a permission. */
function isMissing(dir: string): boolean {
  try {
    fs.statSync(dir)
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT'
  }
}

/** existingDataDir() that also holds a history database (gapwatch.db). */
export function dataDirWithHistory(given: string | undefined): string {
  const dir = existingDataDir(given)
  if (!fs.existsSync(path.join(dir, 'gapwatch.db'))) throw new UsageError(`No history in ${dir} (no gapwatch.db): give --data-dir.`)
  return dir
}
