// Found in review (WRONG NUMBERS): with --tz, a byte range that starts deep in the autumn's repeated
// hour reads that hour's second pass as its first, so zones' times come out one hour early
// (mitigated_time before the zone's own time). csv-range.ts read DST_CONTEXT_LINES = 3600 extra
// context lines ("an hour of 1-second candles") to see the clock go back; with candles shorter than
// a second (here 500 ms, 7,200 rows an hour; tick-like exports carry milliseconds) a range starting
// more than 3,600 rows into the second pass has only second-pass rows as context, and the zone
// converter (timezone.ts) takes the first occurrence for them. The whole scan is right.
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'
import { smallRangesEnv } from '../../helpers/split-env.ts'
import { generateCandles } from '../../../electron/engine/market/index.ts'
import { planCsvRanges } from '../../../electron/engine/market/csv-range.ts'

const RANGE_BYTES = 150_607 // puts a cut at data row 12,170: 5,000 rows into the second pass (rows 7,201–14,400)
const ZONE = 'Europe/Athens' // 2026-10-25 04:00 EEST → 03:00 EET (01:00 UTC)

function offsetMs(utc: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(new Date(utc)).find((p) => p.type === 'timeZoneName')!.value
  const m = /([+-])(\d\d):(\d\d)/.exec(name)!
  return (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000
}

it('a --tz scan of 500 ms candles across the autumn change gives the same zones split as whole', async () => {
  const dir = tempDir('gw-review-dst-')
  const file = path.join(dir, 'TICKS.csv')
  const t0 = Date.UTC(2026, 9, 25, 0, 0, 0) // 03:00 wall, an hour before the change
  const c = generateCandles({ seed: 3, count: 20_000, intervalMs: 60_000, startPrice: 100 })
  const lines = ['time,open,high,low,close,volume']
  for (let i = 0; i < c.time.length; i++) {
    const utc = t0 + i * 500
    const wall = new Date(utc + offsetMs(utc)).toISOString().replace('T', ' ').replace('Z', '')
    lines.push(`${wall},${c.open[i]},${c.high[i]},${c.low[i]},${c.close[i]},${c.volume[i]}`)
  }
  fs.writeFileSync(file, lines.join('\n') + '\n')
  // Precondition: a range starts more than 3,602 rows into the second pass of the repeated hour.
  const starts = [0]
  const buf = fs.readFileSync(file)
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) starts.push(i + 1)
  const rows = planCsvRanges(file, RANGE_BYTES, 2)!.ranges.map((r) => starts.indexOf(r.start)) // data row index + 1
  expect(rows.some((k) => k - 1 > 7_200 + 3_602 && k - 1 < 14_400)).toBe(true)

  const env = { ...smallRangesEnv(), GW_RANGE_BYTES: String(RANGE_BYTES) }
  const whole = await runToEnd(['scan', file, '--tz', ZONE, '--format', 'csv'], env)
  const split = await runToEnd(['scan', file, '--tz', ZONE, '--workers', '2', '--format', 'csv'], env)
  expect(whole.code).toBe(0)
  expect(split.code).toBe(0)
  // Whole: every mitigation is after its zone. Split (before the fix): e.g.
  //   TICKS,10316,2026-10-25T01:25:58.000Z,-1,100.37048,100.36182,13035,2026-10-25T00:48:37.500Z
  // where the whole scan gives 01:48:37.500Z.
  const early = split.stdout.split('\n').slice(1).filter((l) => l && l.split(',')[7] !== '' && l.split(',')[7] < l.split(',')[2])
  expect(early).toEqual([])
  expect(split.stdout).toBe(whole.stdout)
})
