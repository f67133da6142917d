// `gapwatch history import FILE` reads only a regular file within MAX_IMPORT_BYTES, as `gapwatch scan`
// does: it checked stat's size only, which is 0 for a FIFO (the command hung for good) and for
// /dev/zero (it grew without end). Each now exits 2 at once naming the file, with nothing imported.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/serve.ts'
import { tempDir } from '../helpers/temp.ts'

let dir: string
let fifo: string
beforeAll(() => {
  dir = tempDir('gw-history-files-')
  fifo = path.join(dir, 'pipe.csv')
  execFileSync('mkfifo', [fifo])
})

describe('gapwatch history import on files that are not regular', () => {
  it.each([
    ['a FIFO', () => fifo, 'is a named pipe (FIFO), not a regular file'],
    ['/dev/zero', () => '/dev/zero', 'is a character device, not a regular file'],
    ['a directory', () => dir, 'is a directory, not a regular file'],
  ])('%s: exit 2 at once, naming the file, nothing stored', async (_what, file, reason) => {
    const dataDir = tempDir('gw-history-data-')
    const r = await runToEnd(['history', 'import', file(), '--data-dir', dataDir])
    expect(r).toMatchObject({ code: 2, stderr: `gapwatch: ${file()}: ${reason}.\n` })
    expect(fs.readdirSync(dataDir)).toEqual([])
  })
})
