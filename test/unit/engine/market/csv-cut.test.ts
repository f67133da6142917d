// A CSV file cut into byte ranges (csv-range.ts) where quoted cells span lines, hold delimiters or
// sit beside literal quotes: every range, read with its context, holds exactly the whole file's rows
// from its cut on (the cuts and the contexts start at the rows the parser finds reading it whole).
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { importCsvFile } from '../../../../electron/engine/market/csv.ts'
import { parseCsvRange, planCsvRanges, shiftCsvError } from '../../../../electron/engine/market/csv-range.ts'
import { CsvImportError } from '../../../../electron/engine/market/errors.ts'
import { tempDir } from '../../../helpers/temp.ts'

/** Notes for the ignored middle column: plain, quoted across 1–5 lines, quoted with delimiters, literal quotes. */
const NOTES = ['plain', '"one line"', '"a\nb"', '"first\nsecond\nthird\nfourth"', '"x,y\n1,2,3,4,5,6\nz"', '5" screen', 'say "hi"', '"\n\n"', '"a,""b"""']

/** Notes for an unread last column (memo): the same, and quoted CRs. */
const MEMOS = [...NOTES, '"two\rlines"', '"a\r\nb"', '"\r"']

/** With `memo`, an unread last column of notes too (skipped past the columns read, quotes followed). */
function csv(seed: number, rows: number, noteShare: number, badRow = -1, memo = false): string {
  let x = seed | 0 || 1
  const rand = () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
  let s = `timestamp,note,open,high,low,close,volume${memo ? ',memo' : ''}\n`
  let t = 1_700_000_000_000
  for (let k = 0; k < rows; k++) {
    t += 60_000
    const note = rand() < noteShare ? NOTES[Math.floor(rand() * NOTES.length)] : 'n'
    const p = 100 + Math.floor(rand() * 10)
    const tail = !memo ? '' : rand() < noteShare ? `,${MEMOS[Math.floor(rand() * MEMOS.length)]}` : ',m'
    s += `${t},${note},${p},${k === badRow ? 'bad' : p + 2},${p - 1},${p + 1},${Math.floor(rand() * 50)}${tail}\n`
  }
  return s
}

it('every range of a file with multi-line quoted cells reads the whole file\'s rows from its cut', () => {
  const dir = tempDir('gw-csv-cut-')
  fc.assert(fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.constantFrom(0.05, 0.3, 0.9), fc.integer({ min: 1_500, max: 9_000 }), fc.integer({ min: 0, max: 12 }), fc.boolean(), (seed, share, rangeBytes, context, memo) => {
    const file = path.join(dir, 'Q.csv')
    fs.writeFileSync(file, csv(seed, 600, share, -1, memo))
    const whole = importCsvFile(file).candles.time
    const plan = planCsvRanges(file, rangeBytes)
    expect(plan).not.toBeNull()
    const got: number[] = []
    for (const range of plan!.ranges) {
      const r = parseCsvRange(file, range, context, { file: 'Q.csv', size: plan!.size, mtimeMs: plan!.mtimeMs })
      const ctx = Array.from(r.candles.time.subarray(0, r.contextRows))
      // The context is the rows just before the range, as many as asked for (or all there are).
      expect(ctx).toEqual(Array.from(whole.subarray(got.length - ctx.length, got.length)))
      if (range.start > 0) expect(ctx.length).toBeGreaterThanOrEqual(Math.min(context, got.length))
      got.push(...r.candles.time.subarray(r.contextRows))
    }
    expect(got).toEqual(Array.from(whole))
  }), { numRuns: 40 })
})

function thrown(f: () => unknown): CsvImportError {
  try {
    f()
  } catch (e) {
    if (e instanceof CsvImportError) return e
    throw e
  }
  throw new Error('expected a CsvImportError')
}

it('an error after quoted cells across lines names the same line read split as whole', () => {
  const dir = tempDir('gw-csv-cut-err-')
  fc.assert(fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.constantFrom(0.3, 0.9), fc.integer({ min: 1_500, max: 6_000 }), fc.integer({ min: 50, max: 599 }), fc.boolean(), (seed, share, rangeBytes, badRow, memo) => {
    const file = path.join(dir, 'E.csv')
    fs.writeFileSync(file, csv(seed, 600, share, badRow, memo))
    const whole = thrown(() => importCsvFile(file, { file: 'E.csv' }))
    const plan = planCsvRanges(file, rangeBytes)!
    let before = 0
    const split = thrown(() => {
      for (const range of plan.ranges) {
        try {
          before += parseCsvRange(file, range, 3, { file: 'E.csv', size: plan.size, mtimeMs: plan.mtimeMs }).lines
        } catch (e) {
          throw e instanceof CsvImportError && range.start > 0 ? shiftCsvError(e, before) : e
        }
      }
    })
    expect(split.message).toBe(whole.message)
    expect(whole.column).toBe('high')
  }), { numRuns: 30 })
})
