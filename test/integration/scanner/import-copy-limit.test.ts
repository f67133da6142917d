// Desktop imports by path (copied into the staging folder, then parsed by a worker) are bounded like
// serve's uploads (MAX_CONCURRENT_UPLOADS): each copy holds up to MAX_IMPORT_BYTES on disk until its
// parse ends, so a page calling importFile in a loop on one picked file could fill the disk. The
// next is refused in words; once they end, imports are taken again and nothing stays staged.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { MAX_CONCURRENT_UPLOADS } from '../../../shared/limits.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { tempDir } from '../../helpers/temp.ts'

const CSV = ['timestamp,open,high,low,close']
  .concat(Array.from({ length: 30 }, (_, i) => `${Date.UTC(2024, 0, 1) + i * 60_000},1.1,1.2,1.0,1.15`))
  .join('\n')

describe('desktop imports at once', () => {
  let engine: Engine
  let dir: string
  beforeAll(async () => {
    dir = tempDir('gw-copy-limit-')
    engine = new Engine({ dataDir: path.join(dir, 'data'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    await engine.call('setSettings', { workers: 1 })
  })
  afterAll(async () => {
    await engine.stop()
  })

  it(`copies ${MAX_CONCURRENT_UPLOADS} at once and refuses the next, then takes imports again`, async () => {
    const src = path.join(dir, 'Loop.csv')
    fs.writeFileSync(src, CSV)
    const calls = Array.from({ length: MAX_CONCURRENT_UPLOADS + 1 }, () => engine.importCsvFile('Loop.csv', src))
    const settled = await Promise.allSettled(calls)
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(MAX_CONCURRENT_UPLOADS)
    const refused = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected')
    expect(refused.map((r) => (r.reason as Error).message)).toEqual([`${MAX_CONCURRENT_UPLOADS} imports are being copied and read already; try again when one has finished.`])
    await expect(engine.importCsvFile('Loop.csv', src)).resolves.toMatchObject({ symbol: 'LOOP', rows: 30 })
    const staging = path.join(engine.dataDir, 'imports', '.uploads')
    expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([])
  })
})
