// Joins the ranges of a split CSV file (market/csv-range.ts, file-range-job.ts) into exactly the
// result of scanning the whole file: zone indexes moved from each range's own count to the file's,
// open zones mitigated across ranges (mergeSegments), the blank cells of the volume column the whole
// file reads, the most common spacing (detectInterval's rule: most frequent, the smaller on a tie),
// and a range's CSV error moved to the whole file's line.
import { compileFvgOptions } from '../fvg/options.ts'
import { mergeSegmentsInSteps } from '../fvg/segments.ts'
import type { SegmentScan } from '../fvg/segments.ts'
import { shiftCsvError } from '../market/csv-range.ts'
import { mostCommon } from '../market/timeframe.ts'
import { drain, type Steps } from '../time-slices.ts'
import type { CsvErrorFields, FileRangeFacts, RangeEntry, ScanJobResult, ScanJobSpec } from './protocol.ts'

function facts(p: ScanJobResult, s: number, symbol: string): FileRangeFacts {
  if (!p.fileRange) throw new Error(`Range ${s + 1} of ${symbol} came back without its facts.`)
  return p.fileRange
}

function shift(a: Int32Array, by: number, skipNegative: boolean): void {
  for (let i = 0; i < a.length; i++) if (!skipNegative || a[i] >= 0) a[i] += by
}

export function mergeFileRanges(spec: ScanJobSpec, parts: readonly ScanJobResult[], specs?: readonly ScanJobSpec[]): ScanJobResult {
  return drain(mergeFileRangesInSteps(spec, parts, specs))
}

/**
 * mergeFileRanges in steps of about one range each (engine/time-slices.ts), for the engine's thread.
 * `specs`: the ranges' jobs (`parts[s]` is the result of `specs[s]`), named in the result's
 * `ranges` when the parts came back with their open zones only, for a range to be scanned again.
 */
export function* mergeFileRangesInSteps(spec: ScanJobSpec, parts: readonly ScanJobResult[], specs?: readonly ScanJobSpec[]): Steps<ScanJobResult> {
  const scans: SegmentScan[] = []
  const counts = new Map<number, number>()
  const add = (d: number, k: number) => counts.set(d, (counts.get(d) ?? 0) + k)
  const shifts: number[] = []
  let from = 0
  let primaryUsed = false
  let useAltAlways = false
  let hasAlt = false
  for (let s = 0; s < parts.length; s++) {
    const p = parts[s]
    const f = facts(p, s, spec.symbol)
    if (!p.zones || !p.records) throw new Error(`Range ${s + 1} of ${spec.symbol} came back without its zones.`)
    // The range's candle k is the file's candle from − contextRows + k.
    const by = from - f.contextRows
    shifts.push(by)
    shift(p.zones.index, by, false)
    shift(p.zones.mitigatedIndex, by, true)
    shift(p.records.lows.index, by, false)
    shift(p.records.highs.index, by, false)
    scans.push({ from, to: from + p.candles, zones: p.zones, lows: p.records.lows, highs: p.records.highs })
    from += p.candles
    // Spacings: each range counts those ending at its own candles (the first from the context's last).
    for (let i = 0; i < f.spacings.length; i++) add(f.spacings[i], f.spacingCounts[i])
    primaryUsed ||= f.primaryVolumeUsed
    useAltAlways ||= f.noPrimaryVolume
    hasAlt ||= f.hasAltVolume
    yield
  }
  const useAlt = hasAlt && (useAltAlways || !primaryUsed)
  const nonEmpty = parts.filter((p) => p.candles > 0)
  const first = nonEmpty[0] ?? parts[0]
  const last = nonEmpty[nonEmpty.length - 1] ?? parts[parts.length - 1]
  const merged = spec.returnZones === false && !spec.output ? null : yield* mergeSegmentsInSteps(scans, compileFvgOptions(spec.options))
  // Parts with their open zones only (their workers write their rows) merge into the file's open
  // zones, which decide the fills but are not the file's zones.
  // A range without zones is not held nor thinned by its worker (worker-loop.ts): it has no rows to
  // write and no open zone, so it is the same as a thinned one (a strict --min-gap, a flat stretch).
  const lean = parts.some((p) => p.fileRange?.openRows)
  if (lean && !parts.every((p) => p.fileRange?.openRows || p.zones!.index.length === 0)) throw new Error(`The ranges of ${spec.symbol} came back with their zones and without.`)
  const zones = lean ? null : merged
  let zoneCounts: ScanJobResult['zoneCounts']
  if (lean && merged) {
    // Every zone but the open ones a later range does not mitigate is mitigated.
    let open = 0
    for (let k = 0; k < merged.mitigatedIndex.length; k++) if (merged.mitigatedIndex[k] < 0) open++
    zoneCounts = { bullish: parts.reduce((a, p) => a + (p.fileRange!.bullish ?? 0), 0), open }
  }
  return {
    symbol: spec.symbol,
    candles: from,
    fvgs: parts.reduce((a, p) => a + p.fvgs, 0),
    intervalMs: mostCommon(counts),
    firstTime: first.firstTime,
    lastTime: last.lastTime,
    lastClose: last.lastClose,
    blankCells: parts.reduce((a, p) => a + (useAlt ? p.fileRange!.blankIfAlt : p.fileRange!.blankIfPrimary), 0),
    // With `output` the caller formats the merged zones, or (streamed) has the ranges' workers
    // write their rows with what the merge decided (scan-split-out.ts).
    zones,
    zoneCounts,
    ranges: merged && spec.output?.stream !== undefined ? rangeFills(scans, shifts, merged, parts, specs) : undefined,
    timings: {
      loadMs: parts.reduce((a, p) => a + p.timings.loadMs, 0),
      resampleMs: 0,
      kernelMs: parts.reduce((a, p) => a + p.timings.kernelMs, 0),
    },
  }
}

/**
 * The message of a range's CSV error (lines counted from the range's first line) as the whole file
 * names it, given the results of the ranges before it (their line feeds).
 */
export function wholeFileCsvError(err: CsvErrorFields, before: readonly ScanJobResult[]): string {
  return shiftCsvError(err, before.reduce((a, p) => a + (p.fileRange?.lines ?? 0), 0)).message
}

/**
 * Per range: its rows, the shift from its candle numbers to the file's, whether it holds the file's
 * first row, and the zones open at its end that a later range mitigates (in the merged `zones`:
 * every zone, or with lean parts, `openRows`, the open ones only).
 */
function rangeFills(
  scans: readonly SegmentScan[], shifts: readonly number[], zones: SegmentScan['zones'],
  parts: readonly ScanJobResult[], specs: readonly ScanJobSpec[] | undefined,
): RangeEntry[] {
  let k0 = 0 // the range's first zone in `zones`
  let before = 0 // rows of the ranges before it
  return scans.map((s, r) => {
    const own = s.zones.mitigatedIndex
    const openRows = parts[r].fileRange?.openRows
    const row = (j: number) => (openRows ? openRows[j] : j)
    const fixes: number[] = []
    for (let j = 0; j < own.length; j++) if (own[j] < 0 && zones.mitigatedIndex[k0 + j] >= 0) fixes.push(j)
    const rows = openRows ? parts[r].fvgs : own.length
    const entry: RangeEntry = {
      rows, shift: shifts[r], first: before === 0,
      fixRow: Int32Array.from(fixes, row),
      fixIndex: Int32Array.from(fixes, (j) => zones.mitigatedIndex[k0 + j]),
      fixTime: Float64Array.from(fixes, (j) => zones.mitigatedTime[k0 + j]),
    }
    if (openRows && specs?.[r]) entry.part = specs[r]
    k0 += own.length
    before += rows
    return entry
  })
}
