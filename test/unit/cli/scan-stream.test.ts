// `gapwatch scan`'s streamed output: parts formatted where the files are scanned, written in input
// order as they arrive, equal byte for byte to the gathered output; never more than `window` files
// in flight.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp.ts'
import { streamScan } from '../../../electron/cli/scan-stream.ts'
import { runScanJob } from '../../../electron/engine/pool/scan-job.ts'
import { formatScan, type ScanFormat, type ScanStats } from '../../../electron/engine/pool/scan-output.ts'
import type { ScanJobResult, ScanJobSpec } from '../../../electron/engine/pool/protocol.ts'
import { generateCandles, writeCandlesCsv } from '../../../electron/engine/market/index.ts'

const stats: ScanStats = { files: 4, failed: 1, workers: 2, candles: 0, fvgs: 0, wallMs: 12, candlesPerSec: 34, balance: 0.5 }

function files(): { names: string[]; specs: (format: ScanFormat) => ScanJobSpec[] } {
  const dir = tempDir('gw-scan-stream-')
  const names = [1, 2, 3].map((seed) => {
    const f = path.join(dir, `S,"${seed}".csv`) // a symbol that CSV must quote
    writeCandlesCsv(f, generateCandles({ seed, count: 3000 + seed * 500, intervalMs: 60_000, startPrice: 100 }))
    return f
  })
  const bad = path.join(dir, 'bad.csv')
  fs.writeFileSync(bad, 'timestamp,open,high,low,close\n1700000000000,1,x,0.5,1.5\n')
  names.splice(1, 0, bad)
  const specs = (format: ScanFormat) =>
    names.map((f, i) => ({
      kind: 'scan' as const, symbol: path.basename(f, '.csv'), source: { kind: 'file' as const, path: f }, options: {},
      returnZones: i === 3, output: { format, file: f },
    }))
  return { names, specs }
}

/** A promise per file that resolves only when released, so the test decides the order of arrival. */
function gate<T>() {
  const release: Array<() => void> = []
  const started: number[] = []
  const run = (i: number, work: () => Promise<T>) => {
    started.push(i)
    return new Promise<void>((r) => (release[i] = r)).then(work)
  }
  return { release, started, run }
}

describe('streamScan', () => {
  for (const format of ['json', 'csv', 'table'] as const) {
    it(`writes ${format} in input order, arriving in reverse, byte for byte as the gathered output`, async () => {
      const { names, specs } = files()
      const s = specs(format)
      // Gathered: every good file's full result, formatted at the end.
      const gathered: Buffer[] = []
      const results = await Promise.allSettled(s.map((spec) => runScanJob({ ...spec, output: undefined, returnZones: true })))
      const ok = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ file: names[i], result: r.value }] : []))
      expect(ok).toHaveLength(3)
      formatScan(format, ok, stats, (c) => gathered.push(Buffer.from(c)))

      // Streamed: parts formatted by the scan (the last one without its part, as after a merge).
      const g = gate<ScanJobResult>()
      const out: Buffer[] = []
      const errors: number[] = []
      const done = streamScan({
        format, files: names, window: names.length,
        scan: (i) => g.run(i, () => runScanJob(i === 3 ? { ...s[i], output: undefined } : s[i])),
        write: (b) => void out.push(Buffer.from(b)),
        onError: (i) => errors.push(i),
        stats: () => stats,
      })
      for (let i = names.length - 1; i >= 0; i--) {
        await expect.poll(() => g.release[i]).toBeDefined()
        g.release[i]()
      }
      const totals = await done
      expect(errors).toEqual([1])
      expect(totals).toMatchObject({ files: 4, failed: 1, candles: ok.reduce((a, f) => a + f.result.candles, 0) })
      expect(Buffer.concat(out).equals(Buffer.concat(gathered))).toBe(true)
    })
  }

  it('starts a file only when it is within `window` of the next one to write', async () => {
    const g = gate<ScanJobResult>()
    const names = Array.from({ length: 6 }, (_, i) => `f${i}`)
    const result = (i: number): ScanJobResult => ({
      symbol: `S${i}`, candles: 1, fvgs: 0, intervalMs: NaN, firstTime: NaN, lastTime: NaN, lastClose: NaN, blankCells: 0,
      zones: null, timings: { loadMs: 0, resampleMs: 0, kernelMs: 0 }, output: { bytes: new TextEncoder().encode(`${i}\n`), row: [] },
    })
    const written: string[] = []
    const done = streamScan({
      format: 'csv', files: names, window: 2,
      scan: (i) => g.run(i, async () => result(i)),
      write: (b) => void written.push(new TextDecoder().decode(b)),
      onError: () => {},
      stats: () => stats,
    })
    await expect.poll(() => g.started).toEqual([0, 1])
    g.release[1]() // the second arrives first: nothing more starts, nothing of it is written
    await Promise.resolve()
    expect(g.started).toEqual([0, 1])
    g.release[0]()
    await expect.poll(() => g.started).toEqual([0, 1, 2, 3])
    for (const i of [2, 3]) g.release[i]()
    await expect.poll(() => g.started).toEqual([0, 1, 2, 3, 4, 5])
    for (const i of [5, 4]) g.release[i]()
    await done
    expect(written.slice(1).join('')).toBe('0\n1\n2\n3\n4\n5\n')
  })
})
