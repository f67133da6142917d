// A split scan (`--workers N`) with JSON or CSV output where a byte range finds no zone at all while
// others do (a strict --min-gap, a flat or blank stretch) gives the whole scan's output. The workers
// hold and thin only ranges with zones (worker-loop.ts keepOpenZones), and the merge took the mix of
// thinned parts and a zone-less one for an error ("The ranges of BASE came back with their zones and
// without.", exit 2); a range after a long blank run read no context rows and lost the zones across it.
import path from 'node:path'
import { expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'
import { smallRangesEnv } from '../../helpers/split-env.ts'
import { generateCandles, writeCandlesCsv } from '../../../electron/engine/market/index.ts'
import { planCsvRanges } from '../../../electron/engine/market/csv-range.ts'

const RANGE_BYTES = 60_000

for (const format of ['json', 'csv'] as const) {
  it(`--min-gap pct:0.1 --format ${format}: a range without zones still merges, as the whole scan`, async () => {
    const dir = tempDir('gw-split-nozones-')
    const file = path.join(dir, 'BASE.csv')
    writeCandlesCsv(file, generateCandles({ seed: 3, count: 20_000, intervalMs: 60_000, startPrice: 100 }))
    expect(planCsvRanges(file, RANGE_BYTES, 2)?.ranges.length).toBeGreaterThan(8)
    const env = { ...smallRangesEnv(), GW_RANGE_BYTES: String(RANGE_BYTES) }
    const args = ['scan', file, '--min-gap', 'pct:0.1', '--format', format]
    const whole = await runToEnd(args, env)
    expect(whole.code).toBe(0)
    expect(whole.stdout.split('\n').filter((l) => l.startsWith('BASE,')).length + (whole.stdout.match(/"index":/g)?.length ?? 0)).toBe(8) // 8 FVGs
    const split = await runToEnd([...args, '--workers', '2'], env)
    expect(split.stderr).toBe('')
    expect(split.code).toBe(0)
    if (format === 'csv') expect(split.stdout).toBe(whole.stdout)
    else expect((JSON.parse(split.stdout) as { symbols: unknown }).symbols).toEqual((JSON.parse(whole.stdout) as { symbols: unknown }).symbols)
  })
}

it('a file with a long run of blank lines (a range of no candles) scans split as whole', async () => {
  const dir = tempDir('gw-split-blankrun-')
  const src = path.join(dir, 'SRC.csv')
  writeCandlesCsv(src, generateCandles({ seed: 3, count: 200, intervalMs: 60_000, startPrice: 100 }))
  const fs = await import('node:fs')
  const lines = fs.readFileSync(src, 'utf8').trim().split('\n')
  const file = path.join(dir, 'GAP.csv')
  fs.writeFileSync(file, lines.slice(0, 101).join('\n') + '\n' + '\n'.repeat(300_000) + lines.slice(101).join('\n') + '\n')
  expect(planCsvRanges(file, RANGE_BYTES, 2)?.ranges.length).toBeGreaterThan(2) // ranges of blank lines only
  const env = { ...smallRangesEnv(), GW_RANGE_BYTES: String(RANGE_BYTES) }
  const whole = await runToEnd(['scan', file, '--format', 'json'], env)
  expect(whole.code).toBe(0)
  const split = await runToEnd(['scan', file, '--format', 'json', '--workers', '2'], env)
  expect(split.stderr).toBe('')
  expect(split.code).toBe(0)
  expect((JSON.parse(split.stdout) as { symbols: unknown }).symbols).toEqual((JSON.parse(whole.stdout) as { symbols: unknown }).symbols)
})
