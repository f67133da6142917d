// `gapwatch cost --trades-csv FILE` and `--catalog FILE` read only regular files within a bound, as
// `gapwatch scan` does: a FIFO hung the command for good and /dev/zero grew it past 4 GB (stat gives
// both a size of 0, so the catalog's size check passed them). Each now exits 2 naming the file.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/serve.ts'
import { tempDir } from '../helpers/temp.ts'
import { loadCatalogFile } from '../../electron/engine/cost/catalog.ts'
import { readTradesCsv } from '../../electron/cli/cost.ts'

let dir: string
let fifo: string
beforeAll(() => {
  dir = tempDir('gw-cost-files-')
  fifo = path.join(dir, 'pipe')
  execFileSync('mkfifo', [fifo])
})

describe('gapwatch cost on files that are not regular', () => {
  it.each([
    ['--trades-csv', 'a FIFO', () => fifo, 'is a named pipe (FIFO), not a regular file'],
    ['--trades-csv', '/dev/zero', () => '/dev/zero', 'is a character device, not a regular file'],
    ['--catalog', 'a FIFO', () => fifo, 'is a named pipe (FIFO), not a regular file'],
    ['--catalog', '/dev/zero', () => '/dev/zero', 'is a character device, not a regular file'],
  ])('%s on %s: exit 2 at once, naming the file', async (flag, _what, file, reason) => {
    const r = await runToEnd(['cost', '--data-dir', dir, flag, file(), '--json'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${file()}: ${reason}`)
  })

  it('the loaders refuse them the same way (the engine reads catalogs through loadCatalogFile)', () => {
    expect(() => loadCatalogFile(fifo)).toThrow(`${fifo}: is a named pipe (FIFO), not a regular file`)
    expect(() => readTradesCsv('/dev/zero')).toThrow('/dev/zero: is a character device, not a regular file')
    expect(() => loadCatalogFile(dir)).toThrow(`${dir}: is a directory, not a regular file`)
  })

  it('a catalog over its bound is refused with the limit', () => {
    const big = path.join(dir, 'big.json')
    const fd = fs.openSync(big, 'w')
    fs.ftruncateSync(fd, 4 * 1024 * 1024 + 1) // sparse
    fs.closeSync(fd)
    expect(() => loadCatalogFile(big)).toThrow(/big\.json: is 4\.0 MiB .* over the 4\.0 MiB limit/)
  })
})
