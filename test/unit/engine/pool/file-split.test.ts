// A CSV file split into byte ranges (market/csv-range.ts), each parsed and scanned on its own and
// merged (file-merge.ts, JobGroup), gives exactly the whole file's scan, or exactly its error.
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JobGroup, GroupPart } from '../../../../electron/engine/pool/job-group.ts'
import { ownedGroup } from '../../../helpers/job-group.ts'
import { runScanJob } from '../../../../electron/engine/pool/scan-job.ts'
import { NO_SPLIT } from '../../../../electron/engine/pool/split.ts'
import { CsvImportError } from '../../../../electron/engine/market/errors.ts'
import { MIN_RANGE_DIVISOR, planCsvRanges } from '../../../../electron/engine/market/csv-range.ts'
import type { ScanJobResult, ScanJobSpec } from '../../../../electron/engine/pool/protocol.ts'
import { tempDir } from '../../../helpers/temp.ts'

type Part = GroupPart
const owned = (s: ScanJobSpec, rangeBytes: number) =>
  ownedGroup<Part>(s, { ...NO_SPLIT, rangeBytes }, (seg) => ({ spec: seg, info: { state: 'queued', progress: 0 } }))
const plan = (s: ScanJobSpec, rangeBytes: number) => owned(s, rangeBytes)?.group ?? null

interface FileShape {
  seed: number
  rows: number
  crlf: boolean
  quote: number // share of quoted cells
  iso: boolean
  blankLines: boolean
  badLine: number // −1: none; else a row whose high is below its low
  repeatLine: number // −1: none; else a row that repeats the time before it
}

function xorshift(seed: number): () => number {
  let x = seed | 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

/** A CSV with a multi-byte note column (ignored), quoted cells, blank cells, irregular spacing. */
function csv(f: FileShape): string {
  const rand = xorshift(f.seed)
  const nl = f.crlf ? '\r\n' : '\n'
  const cell = (s: string) => (rand() < f.quote ? `"${s}"` : s)
  const num = (x: number) => (rand() < 0.03 ? '' : cell(String(x)))
  const lines = ['timestamp,open,high,low,close,volume,note']
  let level = 400
  let t = 1_700_000_000_000
  for (let k = 0; k < f.rows; k++) {
    if (k !== f.repeatLine) t += rand() < 0.1 ? 120_000 : 60_000
    level += Math.floor(rand() * 5) - 2
    const a = level + Math.floor(rand() * 3) - 1
    const b = level + Math.floor(rand() * 3) - 1
    let high = Math.max(a, b) + Math.floor(rand() * 2)
    let low = Math.min(a, b) - Math.floor(rand() * 2)
    if (k === f.badLine) [high, low] = [low - 1, high + 1]
    const time = f.iso ? new Date(t).toISOString() : String(t)
    const note = ['', 'naïve €✓', '日本語のメモ', 'ok 😀'][Math.floor(rand() * 4)]
    lines.push([cell(time), num(rand() < 0.5 ? a : b), num(high), num(low), num(rand() < 0.5 ? a : b), num(Math.floor(rand() * 100)), cell(note)].join(','))
    if (f.blankLines && rand() < 0.05) lines.push(rand() < 0.5 ? '' : '  ')
  }
  return lines.join(nl) + (rand() < 0.5 ? nl : '')
}

const optionsArb = fc.record({
  middle: fc.constantFrom('body', 'close-beyond', 'none'),
  mitigation: fc.constantFrom('touch', 'full-wick', 'full-close', 'half'),
  label: fc.constantFrom('middle', 'third'),
  minGap: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('percent' as const), value: fc.constantFrom(0, 0.1, 0.5) }),
    fc.record({ kind: fc.constant('atr' as const), multiple: fc.constantFrom(0, 0.3, 1), period: fc.integer({ min: 1, max: 20 }) }),
  ),
})

/** Scans the parts in process, last first when `reverse` (as workers may finish them). */
async function scanSplit(spec: ScanJobSpec, rangeBytes: number, reverse = false): Promise<{ group: JobGroup<Part> | null; result?: ScanJobResult; error?: string }> {
  const o = owned(spec, rangeBytes)
  if (!o) return { group: null }
  const { group, calls } = o
  for (const part of reverse ? [...group.parts].reverse() : group.parts) {
    try {
      await group.partDone(part, await runScanJob(part.spec))
    } catch (err) {
      const csv = err instanceof CsvImportError ? { file: err.file, line: err.line, column: err.column, value: err.value, reason: err.reason } : undefined
      group.partFailed(part, (err as Error).message, csv)
    }
    // The first failed part's error once the parts before it are in (an earlier failed part's error, now final), or the merge.
    if (calls.failed.length > 0) return { group, error: calls.failed[0] }
    if (calls.done.length > 0) return { group, result: calls.done[0] }
  }
  throw new Error('the group neither merged nor failed')
}

async function scanWhole(spec: ScanJobSpec): Promise<{ result?: ScanJobResult; error?: string }> {
  try {
    return { result: await runScanJob(spec) }
  } catch (err) {
    return { error: (err as Error).message }
  }
}

function comparable(r: ScanJobResult | undefined) {
  if (!r) return r
  const { timings: _t, output: _o, records: _r, fileRange: _f, ...rest } = r
  return rest
}

describe('split CSV file', () => {
  it('equals the whole-file scan on every option that splits: CRLF, quotes, multi-byte characters', async () => {
    const dir = tempDir()
    let withZones = 0
    await fc.assert(fc.asyncProperty(
      fc.record({
        seed: fc.integer({ min: 1, max: 2 ** 30 }),
        rows: fc.integer({ min: 60, max: 400 }),
        crlf: fc.boolean(),
        quote: fc.constantFrom(0, 0.3, 1),
        iso: fc.boolean(),
        blankLines: fc.boolean(),
        badLine: fc.constant(-1),
        repeatLine: fc.constant(-1),
      }),
      optionsArb,
      fc.integer({ min: 1, max: 20 }),
      async (shape, options, rangeBytes) => {
        const file = path.join(dir, 'x.csv')
        const text = csv(shape)
        fc.pre(Buffer.byteLength(text) > rangeBytes * 64 * 2)
        fs.writeFileSync(file, text)
        const spec: ScanJobSpec = { kind: 'scan', symbol: 'X', source: { kind: 'file', path: file }, options }
        const whole = await scanWhole(spec)
        expect(whole.error).toBeUndefined()
        if (whole.result!.fvgs > 0) withZones++
        const split = await scanSplit(spec, rangeBytes * 64)
        expect(split.group).not.toBeNull()
        expect(split.group!.parts.length).toBeGreaterThan(1)
        expect(split.error).toBe(whole.error)
        expect(comparable(split.result)).toEqual(comparable(whole.result))
      },
    ), { numRuns: 60 })
    expect(withZones).toBeGreaterThan(30)
  }, 120_000)

  it('cuts only after a line feed, so never inside a CRLF pair or a multi-byte character', () => {
    const dir = tempDir()
    const file = path.join(dir, 'x.csv')
    fs.writeFileSync(file, csv({ seed: 7, rows: 300, crlf: true, quote: 0.5, iso: true, blankLines: false, badLine: -1, repeatLine: -1 }))
    const bytes = fs.readFileSync(file)
    const g = plan({ kind: 'scan', symbol: 'X', source: { kind: 'file', path: file }, options: {} }, 100)!
    expect(g.parts.length).toBeGreaterThan(10)
    for (const p of g.parts.slice(1)) expect(bytes[p.spec.fileRange!.start - 1]).toBe(10)
    expect(g.parts.at(-1)!.spec.fileRange!.end).toBe(bytes.length)
  })

  it('names the whole file\'s line for an error in a later range, and the first error in the file', async () => {
    const dir = tempDir()
    let errors = 0
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 299 }), fc.integer({ min: -1, max: 299 }), fc.boolean(), fc.integer({ min: 1, max: 20 }), fc.boolean(),
      async (seed, badLine, repeatLine, crlf, rangeBytes, reverse) => {
        const file = path.join(dir, 'bad.csv')
        fs.writeFileSync(file, csv({ seed, rows: 300, crlf, quote: 0.3, iso: false, blankLines: true, badLine, repeatLine: repeatLine === 0 ? -1 : repeatLine }))
        const spec: ScanJobSpec = { kind: 'scan', symbol: 'B', source: { kind: 'file', path: file }, options: {} }
        const whole = await scanWhole(spec)
        // (The bad row's high or low may be a blank cell, 3 % each: then the file is fine.)
        if (whole.error !== undefined) {
          expect(whole.error).toMatch(/bad\.csv:\d+: /)
          errors++
        }
        // In reverse, a later range's error waits for the earlier ranges: the first in the file wins.
        const split = await scanSplit(spec, rangeBytes * 64, reverse)
        expect(split.error).toBe(whole.error)
      },
    ), { numRuns: 60 })
    expect(errors).toBeGreaterThan(40)
  }, 120_000)

  // Found by the property above (seed -814009916): a repeated time whose first occurrence is a
  // context line before the range (line -1 of the range) was named "line -1": the shift of the
  // line a reason names took digits only, not the minus sign.
  it('a time repeated from the line just before a range names that line of the whole file', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'bad.csv')
    fs.writeFileSync(file, csv({ seed: 9, rows: 300, crlf: false, quote: 0.3, iso: false, blankLines: true, badLine: 4, repeatLine: 4 }))
    const spec: ScanJobSpec = { kind: 'scan', symbol: 'B', source: { kind: 'file', path: file }, options: {} }
    const whole = await scanWhole(spec)
    expect(whole.error).toMatch(/repeats the time of line \d+$/)
    expect((await scanSplit(spec, 4 * 64)).error).toBe(whole.error)
  })

  it('an error near the end names a line past the first range', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'late.csv')
    fs.writeFileSync(file, csv({ seed: 3, rows: 500, crlf: false, quote: 0, iso: false, blankLines: false, badLine: 450, repeatLine: -1 }))
    const spec: ScanJobSpec = { kind: 'scan', symbol: 'L', source: { kind: 'file', path: file }, options: {} }
    const split = await scanSplit(spec, 2048)
    expect(split.group!.parts.length).toBeGreaterThan(2)
    // Line 1 is the header: row 450 (0-based) is line 452.
    expect(split.error).toMatch(/^.*late\.csv:452: column "high": "\d+" is below low "\d+"$/)
  })

  it('keeps the merged zones for a caller that formats the output (gapwatch scan without a store)', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'o.csv')
    fs.writeFileSync(file, csv({ seed: 5, rows: 300, crlf: false, quote: 0, iso: false, blankLines: false, badLine: -1, repeatLine: -1 }))
    const spec: ScanJobSpec = { kind: 'scan', symbol: 'O', source: { kind: 'file', path: file }, options: {}, returnZones: false, output: { format: 'json', file } }
    const whole = await runScanJob({ ...spec, returnZones: true, output: undefined })
    const split = await scanSplit(spec, 1024)
    expect(split.group!.parts.every((p) => p.spec.output === undefined)).toBe(true)
    expect(split.result!.zones).toEqual(whole.zones)
  })

  it('stays whole when small, resampled, or with joinConsecutive / the auto minimum gap', () => {
    const dir = tempDir()
    const file = path.join(dir, 'w.csv')
    fs.writeFileSync(file, csv({ seed: 9, rows: 200, crlf: false, quote: 0, iso: false, blankLines: false, badLine: -1, repeatLine: -1 }))
    const base: ScanJobSpec = { kind: 'scan', symbol: 'W', source: { kind: 'file', path: file }, options: {} }
    expect(plan(base, 1 << 20)).toBeNull()
    expect(plan({ ...base, timeframe: '1h' }, 256)).toBeNull()
    expect(plan({ ...base, options: { joinConsecutive: true } }, 256)).toBeNull()
    expect(plan({ ...base, options: { minGap: { kind: 'auto' } } }, 256)).toBeNull()
    expect(plan(base, 256)).not.toBeNull()
  })

  describe('range plan', () => {
    /** A file of `rows` rows and the sizes of its ranges planned at `rangeBytes` for `workers`. */
    const sizes = (rows: number, rangeBytes: number, workers?: number) => {
      const file = path.join(tempDir(), 'p.csv')
      fs.writeFileSync(file, csv({ seed: 3, rows, crlf: false, quote: 0, iso: false, blankLines: false, badLine: -1, repeatLine: -1 }))
      const p = planCsvRanges(file, rangeBytes, workers)
      return { size: fs.statSync(file).size, ranges: p?.ranges.map((r) => r.end - r.start) ?? null }
    }
    const spread = (xs: number[]) => Math.max(...xs) / Math.min(...xs)

    it('cuts a file just over N ranges into N + 1 about equal ranges, not N full ones and a sliver', () => {
      const probe = sizes(2000, 1 << 30) // the file's size at these rows
      const rangeBytes = Math.floor(probe.size / 3) - 200 // 3 ranges and ~600 bytes over
      const { ranges } = sizes(2000, rangeBytes)
      expect(ranges).toHaveLength(4)
      expect(spread(ranges!)).toBeLessThan(1.1) // whole lines (~50 bytes) apart at most
      expect(Math.max(...ranges!)).toBeLessThanOrEqual(rangeBytes)
    })

    it('plans a multiple of the workers: 4 ranges for 2 workers where 3 would do, 6 for 3', () => {
      const probe = sizes(2000, 1 << 30)
      const rangeBytes = Math.floor(probe.size / 3) + 200 // 3 ranges on one worker
      expect(sizes(2000, rangeBytes, 1).ranges).toHaveLength(3)
      const two = sizes(2000, rangeBytes, 2).ranges!
      expect(two).toHaveLength(4)
      expect(spread(two)).toBeLessThan(1.1)
      expect(sizes(2000, rangeBytes, 3).ranges).toHaveLength(3)
      expect(sizes(2000, Math.floor(probe.size / 4) + 200, 3).ranges).toHaveLength(6)
      for (const odd of [0, -1, NaN, 1.5]) expect(sizes(2000, rangeBytes, odd).ranges, String(odd)).toHaveLength(3)
    })

    it('cuts no range below a quarter of rangeBytes on many workers: a file just over one range in 4, not 64', () => {
      const probe = sizes(2000, 1 << 30)
      const rangeBytes = probe.size - 200 // one range and ~200 bytes over
      for (const workers of [16, 64]) {
        const { ranges } = sizes(2000, rangeBytes, workers)
        expect(ranges, `${workers} workers`).toHaveLength(MIN_RANGE_DIVISOR)
        expect(Math.min(...ranges!)).toBeGreaterThan(rangeBytes / MIN_RANGE_DIVISOR - 100) // whole lines (~50 bytes) off at most
      }
      // 3.5 ranges' worth on 16 workers: 14 ranges of at least a quarter, not 16 smaller ones.
      const { ranges } = sizes(2000, Math.floor(probe.size / 3.5), 16)
      expect(ranges).toHaveLength(14)
      // Where the workers' multiple keeps ranges large enough, it still applies.
      expect(sizes(2000, Math.floor(probe.size / 3) + 200, 2).ranges).toHaveLength(4)
    })

    it('keeps a file of at most one range whole, however many workers', () => {
      const probe = sizes(300, 1 << 30)
      expect(sizes(300, probe.size, 4).ranges).toBeNull()
      expect(sizes(300, probe.size - 100, 4).ranges).toHaveLength(4)
    })

    it('still covers the file exactly, each cut after a line feed', () => {
      const file = path.join(tempDir(), 'c.csv')
      fs.writeFileSync(file, csv({ seed: 4, rows: 3000, crlf: true, quote: 0.3, iso: true, blankLines: true, badLine: -1, repeatLine: -1 }))
      const bytes = fs.readFileSync(file)
      for (const workers of [1, 2, 3, 7]) {
        const p = planCsvRanges(file, 5000, workers)!
        expect(p.ranges.length % workers).toBe(0)
        expect(p.ranges[0].start).toBe(0)
        expect(p.ranges.at(-1)!.end).toBe(bytes.length)
        for (let i = 1; i < p.ranges.length; i++) {
          expect(p.ranges[i].start).toBe(p.ranges[i - 1].end)
          expect(bytes[p.ranges[i].start - 1]).toBe(10)
        }
      }
    })
  })
})
