// The lock on `gapwatch scan --out` (cli/out-lock.ts), in one process: SQLite keeps its POSIX locks
// per file across the connections of a process, so a second holder here is refused as another
// process would be (test/integration/cli/scan-out-lock.test.ts runs two real scans).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { OutLockedError, lockOutput } from '../../../electron/cli/out-lock.ts'
import { tempDir } from '../../helpers/temp.ts'

const lockFolders = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('gapwatch-out-locks'))
const fds: number[] = []
const open = (file: string) => {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT)
  fds.push(fd)
  return fd
}
afterEach(() => {
  for (const fd of fds.splice(0)) fs.closeSync(fd)
  for (const name of lockFolders()) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true })
})

it('refuses a second holder of the same file, by any name, until the first releases it; then leaves nothing', () => {
  const dir = tempDir('gw-outlock-')
  const out = path.join(dir, 'zones.csv')
  const first = lockOutput(open(out), out)
  expect(first).not.toBeNull()
  const link = path.join(dir, 'link.csv')
  fs.linkSync(out, link)
  expect(() => lockOutput(open(link), link)).toThrow(new OutLockedError(`--out: ${link} is being written by another gapwatch scan; wait for it to end, or choose another file.`))
  // Another file is not held.
  const other = path.join(dir, 'other.csv')
  const second = lockOutput(open(other), other)
  expect(second).not.toBeNull()
  second!.release()
  first!.release()
  expect(lockFolders()).toEqual([])
  const again = lockOutput(open(out), out)
  expect(again).not.toBeNull()
  again!.release()
  expect(lockFolders()).toEqual([])
})

it('locks nothing for what is not a regular file (a device: two runs to /dev/null both go on)', () => {
  expect(lockOutput(open('/dev/null'), '/dev/null')).toBeNull()
  expect(lockFolders()).toEqual([])
})

it.skipIf(process.getuid === undefined)('uses no lock folder that others may write (the run goes on unguarded)', () => {
  const folder = path.join(os.tmpdir(), `gapwatch-out-locks-${process.getuid!()}`)
  fs.mkdirSync(folder)
  fs.chmodSync(folder, 0o777)
  const out = path.join(tempDir('gw-outlock-'), 'zones.csv')
  expect(lockOutput(open(out), out)).toBeNull()
  expect(fs.readdirSync(folder)).toEqual([])
})
