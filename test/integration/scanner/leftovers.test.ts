// What a crash leaves behind is removed when an engine opens its data directory (it holds the
// directory's lock, so no other engine is writing there): a desktop import's partial staged copy
// (imports/.uploads) and a worker's half-written candle-cache entry (*.tmp). Whole cache entries stay.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { tempDir } from '../../helpers/temp.ts'

describe('leftovers of a crash', () => {
  it('are removed when the engine starts: staged imports and temporary cache files, not cache entries', async () => {
    const dataDir = path.join(tempDir('gw-leftovers-'), 'data')
    const staging = path.join(dataDir, 'imports', '.uploads')
    const cache = path.join(dataDir, 'candle-cache')
    fs.mkdirSync(staging, { recursive: true })
    fs.mkdirSync(cache, { recursive: true })
    fs.writeFileSync(path.join(staging, '0123456789abcdef0123456789abcdef.csv'), 'timestamp,open,high,low,close\n1,') // a copy cut short
    fs.writeFileSync(path.join(cache, '0123456789abcdef0123456789abcdef.candles.4242.deadbeef.tmp'), 'GWCC1\n')
    fs.writeFileSync(path.join(cache, '0123456789abcdef0123456789abcdef.candles'), 'an entry: checked when read')
    fs.mkdirSync(path.join(cache, 'odd.tmp')) // a directory of that name: left, and no crash
    fs.writeFileSync(path.join(dataDir, 'imports', 'EURUSD.csv'), 'timestamp,open,high,low,close\n')
    const engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    try {
      expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([])
      expect(fs.readdirSync(cache).sort()).toEqual(['0123456789abcdef0123456789abcdef.candles', 'odd.tmp'])
      expect(fs.readdirSync(path.join(dataDir, 'imports')).filter((f) => f !== '.uploads')).toEqual(['EURUSD.csv'])
    } finally {
      await engine.stop()
    }
  })
})
