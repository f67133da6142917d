// `gapwatch rules check FILE` reads FILE as an import (market/read-file.ts): a FIFO, /dev/zero or a
// directory is refused at once with the file named and why, instead of hanging or reading forever.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/serve.ts'
import { tempDir } from '../helpers/temp.ts'

let dir: string
let fifo: string
beforeAll(() => {
  dir = tempDir('gw-rules-files-')
  fifo = path.join(dir, 'rules.yaml')
  execFileSync('mkfifo', [fifo])
})

describe('gapwatch rules check on files that are not regular', () => {
  it.each([
    ['a FIFO', () => fifo, 'is a named pipe (FIFO), not a regular file'],
    ['/dev/zero', () => '/dev/zero', 'is a character device, not a regular file'],
    ['a directory', () => dir, 'is a directory, not a regular file'],
  ])('%s: exit 1 at once, naming the file and the reason', async (_what, file, reason) => {
    const r = await runToEnd(['rules', 'check', file()])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${file()}:1:1: cannot read: ${reason}`)
  }, 30_000)
})
