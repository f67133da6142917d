// The context lines a byte range of a split CSV file reads before its first line
// (market/csv-range.ts contextBefore): exactly the `context` data rows just before the range, however
// many blank lines lie between them and the range, and wherever its read windows happen to start.
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { parseCsvRange } from '../../../../electron/engine/market/csv-range.ts'
import { tempDir } from '../../../helpers/temp.ts'

const T0 = 1_704_067_200_000
const HEADER = 'timestamp,open,high,low,close,volume\n'

/**
 * Rows of lengths varying without a period (1 to 6 volume digits from a seeded generator), so the
 * line starts before each range fall at every offset from it and a read window at some of them
 * begins with a line feed.
 */
function rowsFrom(count: number, seed: number): string[] {
  let x = seed
  const rand = () => (x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32
  return Array.from({ length: count }, (_, k) => `${T0 + k * 60_000},1,2,0.5,1.5,${Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 6)))}\n`)
}

function write(name: string, text: string): { file: string; size: number; mtimeMs: number } {
  const dir = tempDir('gw-range-context-')
  const file = path.join(dir, name)
  fs.writeFileSync(file, text)
  const st = fs.statSync(file)
  return { file, size: st.size, mtimeMs: st.mtimeMs }
}

/** The rows' own index k (from their times). */
const rowsOf = (time: Float64Array) => Array.from(time, (t) => (t - T0) / 60_000)

it('reads its context rows across a run of blank lines longer than a read window', () => {
  const all = rowsFrom(200, 7)
  const before = all.slice(0, 100).join('')
  const after = all.slice(100).join('')
  const blanks = '\n'.repeat(300_000)
  const f = write('GAP.csv', HEADER + before + blanks + after)
  const blankStart = HEADER.length + before.length
  // A range inside the blank run (no rows of its own) and the range of the rows after it.
  const blank = parseCsvRange(f.file, { start: blankStart + 100_000, end: blankStart + 200_000 }, 2, f)
  expect(blank.contextRows).toBe(2)
  expect(rowsOf(blank.candles.time)).toEqual([98, 99])
  const next = parseCsvRange(f.file, { start: blankStart + blanks.length, end: f.size }, 2, f)
  expect(next.contextRows).toBe(2)
  expect(rowsOf(next.candles.time).slice(0, 3)).toEqual([98, 99, 100])
})

it('reads exactly the rows before the range, for a context longer than a read window, at every line start', () => {
  const rows = rowsFrom(3_000, 12_345)
  const f = write('LONG.csv', HEADER + rows.join(''))
  const context = 1_000 // ~30 kB of rows: more than the first read window
  let start = HEADER.length + rows.slice(0, 2_000).join('').length
  for (let k = 2_000; k < 2_060; k++) {
    const r = parseCsvRange(f.file, { start, end: f.size }, context, f)
    expect(r.contextRows).toBe(context)
    const got = rowsOf(r.candles.time.subarray(0, context + 1))
    expect(got[0]).toBe(k - context)
    expect(got[context]).toBe(k)
    start += rows[k].length
  }
})
