// Files named by a user are read only when they are regular files within MAX_IMPORT_BYTES: a FIFO
// hung `gapwatch scan`, /dev/zero grew it to 8 GB, a directory gave a bare EISDIR. Each now gets a
// clear message naming the file, exit code 2 from the CLI, and nothing imported by the engine.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/serve.ts'
import { Engine } from '../../electron/engine/engine.ts'
import { runScanJob } from '../../electron/engine/pool/scan-job.ts'
import { MAX_IMPORT_BYTES } from '../../shared/limits.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { tempDir } from '../helpers/temp.ts'

let dir: string
let fifo: string
let huge: string
beforeAll(() => {
  dir = tempDir('gw-files-')
  fifo = path.join(dir, 'pipe.csv')
  execFileSync('mkfifo', [fifo])
  huge = path.join(dir, 'huge.csv')
  const fd = fs.openSync(huge, 'w')
  fs.ftruncateSync(fd, MAX_IMPORT_BYTES + 1) // sparse
  fs.closeSync(fd)
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('gapwatch scan on files that are not importable', () => {
  it('a FIFO: exit 2 at once, naming the file', async () => {
    const r = await runToEnd(['scan', fifo, '--format', 'json'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`gapwatch: ${fifo}: is a named pipe (FIFO), not a regular file.\n`)
  })

  it('/dev/zero: exit 2, a character device', async () => {
    const r = await runToEnd(['scan', '/dev/zero', '--format', 'json'])
    expect(r).toMatchObject({ code: 2, stderr: 'gapwatch: /dev/zero: is a character device, not a regular file.\n' })
  })

  it('a directory: exit 2, naming the directory', async () => {
    const r = await runToEnd(['scan', dir, '--format', 'json'])
    expect(r).toMatchObject({ code: 2, stderr: `gapwatch: ${dir}: is a directory, not a regular file.\n` })
  })

  it('a file over the import limit: exit 2 with its size and the limit', async () => {
    const r = await runToEnd(['scan', huge, '--format', 'json'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${huge}: is 64.0 MiB (${MAX_IMPORT_BYTES + 1} bytes), over the 64.0 MiB limit for an import`)
  })
})

describe('the worker and the engine read through the same checks', () => {
  it('a scan job on a FIFO fails with the message instead of hanging the worker', async () => {
    await expect(runScanJob({ kind: 'scan', symbol: 'P', source: { kind: 'file', path: fifo }, options: {} }))
      .rejects.toThrow(`${fifo}: is a named pipe (FIFO), not a regular file`)
  })

  it('Engine.importCsvFile refuses a FIFO, /dev/zero and a directory, and imports nothing', async () => {
    const dataDir = tempDir('gw-files-engine-')
    const engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    try {
      const before = await engine.call('watchlist', {})
      await expect(engine.importCsvFile('PIPE.csv', fifo)).rejects.toThrow(`${fifo}: is a named pipe (FIFO), not a regular file`)
      await expect(engine.importCsvFile('ZERO.csv', '/dev/zero')).rejects.toThrow('/dev/zero: is a character device, not a regular file')
      await expect(engine.importCsvFile('DIR.csv', dir)).rejects.toThrow(`${dir}: is a directory, not a regular file`)
      await expect(engine.importCsvFile('HUGE.csv', huge)).rejects.toThrow(/over the 64\.0 MiB limit/)
      expect(await engine.call('watchlist', {})).toEqual(before)
      expect(fs.existsSync(path.join(dataDir, 'imports')) ? fs.readdirSync(path.join(dataDir, 'imports')) : []).toEqual([])
    } finally {
      await engine.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
