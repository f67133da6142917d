// `gapwatch scan` as a user runs it: a real process, real files, real worker processes.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { runToEnd, tempDir } from '../../helpers/serve.ts'
import { detectFvgs, toZones } from '../../../electron/engine/fvg/index.ts'
import { importCsvFile, resample, parseTimeframe, bundledDataPath } from '../../../electron/engine/market/index.ts'

const eurusd = bundledDataPath('eurusd_15m.csv')

interface ScanJson {
  symbols: Array<{ symbol: string; file: string; candles: number; fvgs: Array<Record<string, number | null>> }>
  stats: Record<string, number>
}

describe('gapwatch scan', () => {
  it('prints the documented JSON, with the zones the kernel finds', async () => {
    const r = await runToEnd(['scan', eurusd, '--format', 'json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as ScanJson
    const c = importCsvFile(eurusd).candles
    const expected = toZones(detectFvgs(c), c.time)
    expect(out.symbols).toHaveLength(1)
    expect(out.symbols[0]).toMatchObject({ symbol: 'eurusd_15m', file: eurusd, candles: 24_424 })
    expect(out.symbols[0].fvgs).toEqual(expected)
    expect(out.symbols[0].fvgs.some((z) => z.mitigatedIndex === null)).toBe(true)
    expect(out.stats).toMatchObject({ files: 1, failed: 0, candles: 24_424, fvgs: expected.length })
  })

  it('resamples with --timeframe and joins with --join-consecutive, indexing the resampled series', async () => {
    const r = await runToEnd(['scan', eurusd, '--timeframe', '1h', '--join-consecutive', '--format', 'json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as ScanJson
    const c = resample(importCsvFile(eurusd).candles, parseTimeframe('1h'))
    expect(out.symbols[0].candles).toBe(c.time.length)
    expect(out.symbols[0].fvgs).toEqual(toZones(detectFvgs(c, { joinConsecutive: true }), c.time))
  })

  it('scans several files with the pool, writes CSV to --out, and reports a bad file with exit 2', async () => {
    const dir = tempDir('gw-scan-')
    const bad = path.join(dir, 'bad.csv')
    fs.writeFileSync(bad, 'timestamp,open,high,low,close\n1700000000000,1,2,0.5,1.5\n1700000060000,1,abc,0.5,1.5\n')
    const out = path.join(dir, 'zones.csv')
    const r = await runToEnd(['scan', eurusd, bad, '--workers', '2', '--format', 'csv', '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/bad\.csv:3: column "high": "abc" is not a number/)
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('symbol,index,time,direction,top,bottom,mitigated_index,mitigated_time')
    expect(lines.length - 1).toBe(detectFvgs(importCsvFile(eurusd).candles).count)
    expect(lines[1]).toMatch(/^eurusd_15m,\d+,\d{4}-\d\d-\d\dT/)
  })

  it('stores zones with --data-dir, and a re-scan replaces them instead of adding', async () => {
    const dir = tempDir('gw-scan-store-')
    for (let i = 0; i < 2; i++) {
      const r = await runToEnd(['scan', eurusd, '--data-dir', dir, '--format', 'table'])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/eurusd_15m\s+24424\s+\d+/)
    }
    const db = new Database(path.join(dir, 'gapwatch.db'), { readonly: true })
    const n = (db.prepare("SELECT count(*) AS n FROM fvg_zone WHERE symbol = 'eurusd_15m' AND timeframe = '15m'").get() as { n: number }).n
    db.close()
    expect(n).toBe(detectFvgs(importCsvFile(eurusd).candles).count)
  })

  it('rejects bad arguments with exit 2 and says what was wrong', async () => {
    expect(await runToEnd(['scan'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/at least one CSV file/) })
    expect(await runToEnd(['scan', eurusd, '--timeframe', '7x'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--timeframe/) })
    expect(await runToEnd(['scan', eurusd, '--min-gap', 'pct:-1'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--min-gap/) })
    expect(await runToEnd(['scan', '/no/such.csv'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no such file/) })
    expect(await runToEnd(['scan', eurusd, '--middle', 'wick'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/middle/) })
  })
})

describe('gapwatch bench', () => {
  it('prints the scaling table as JSON with speedup and efficiency', async () => {
    const r = await runToEnd(['bench', '--symbols', '4', '--candles', '20000', '--workers', '1,2', '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { rows: Array<Record<string, number>> }
    expect(out.rows.map((x) => x.workers)).toEqual([1, 2])
    expect(out.rows[0].speedup).toBe(1)
    for (const row of out.rows) {
      expect(row.candlesPerSec).toBeGreaterThan(0)
      expect(row.efficiency).toBeCloseTo(row.speedup / row.workers, 12)
      expect(row.balance).toBeLessThanOrEqual(1)
    }
  })
})
