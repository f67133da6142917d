// One engine per data directory: a lock file holding the owner's pid. A lock left by a process that
// no longer runs (a crash) is taken over.
import fs from 'node:fs'
import path from 'node:path'

export class InstanceLockedError extends Error {
  override name = 'InstanceLockedError'
}

export interface DirLock {
  release(): void
}

export function lockDataDir(dir: string): DirLock {
  const file = path.join(dir, 'gapwatch.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' })
      return {
        release() {
          try {
            if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file)
          } catch {
            // already gone
          }
        },
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10)
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new InstanceLockedError(
          `Another Gapwatch (pid ${owner}) is already using the data directory ${dir}. Stop it, or start this one with a different --data-dir.`,
        )
      }
      fs.unlinkSync(file) // stale: its owner is gone
    }
  }
  throw new InstanceLockedError(`Could not lock the data directory ${dir}.`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
