// A process that takes one of Gapwatch's locks when told, for tests that race two real processes
// (test/integration/lock-race.test.ts). Run with node (type stripping); reads lines on stdin:
//   lock dir PATH GO   lockDataDir on PATH
//   release            releases what it holds
// and answers: ready, then held | refused | error: MESSAGE; released. After `ready` it watches for the
// file GO and tries the moment it appears: two of these, told the same GO, are both on a core watching
// when the test creates it, so they try within microseconds of each other (a line written to each
// one's pipe wakes the first before the second, often late enough for it to be done already).
// LOCK_MODULES (a folder holding engine/store/lock.ts) runs another version.
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type * as DirLock from '../../electron/engine/store/lock.ts'

const root = process.env.LOCK_MODULES ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../electron')
const { lockDataDir } = (await import(pathToFileURL(path.join(root, 'engine/store/lock.ts')).href)) as typeof DirLock

let holding: { release(): void } | null = null
const say = (line: string) => process.stdout.write(`${line}\n`)

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [cmd, kind, target, go] = line.split(' ')
  if (cmd === 'lock' && kind === 'dir' && target !== undefined && go !== undefined) {
    say('ready')
    while (!fs.existsSync(go)) {
      // the signal: a busy wait of the ms the test takes to see both ready and create GO
    }
    try {
      holding = lockDataDir(target)
      say(holding ? 'held' : 'error: no lock made')
    } catch (err) {
      const name = (err as Error).name
      say(name === 'InstanceLockedError' ? 'refused' : `error: ${(err as Error).message}`)
    }
  } else if (cmd === 'release') {
    holding?.release()
    holding = null
    say('released')
  }
}
