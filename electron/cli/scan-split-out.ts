// A split file's part of `gapwatch scan`'s output, written by its ranges' workers
// (engine/pool/range-output.ts): this process writes the part's head and tail, and gives each range
// its turn with what the merge decided. A range whose worker is gone (it ended after its job) is
// formatted here from the merged zones, or, where the ranges sent back only their open zones
// (range-output.ts keepOpenZones), scanned again here and formatted as its worker would: the bytes
// are the same.
import type { RangeEntry, ScanJobResult } from '../engine/pool/protocol.ts'
import { formatRange, type RangeFill } from '../engine/pool/range-output.ts'
import { runScanJob } from '../engine/pool/scan-job.ts'
import { formatZoneRows, partHead, partTail, type ScanFormat } from '../engine/pool/scan-output.ts'
import type { PartTurns } from './scan-turns.ts'

const encoder = new TextEncoder()

/**
 * Sends each held range of split file `order` its fill as soon as the merge is done, before the
 * file's turn: the ranges' workers fill their rows at once, each its own in parallel, so the turns
 * only write (filled one after another in their turns, 6 ranges of a 1M-candle file added ~150 ms
 * to the run). The turn carries the fill too: a range its worker did not prepare is filled then.
 */
export function prepareSplitPart(turns: PartTurns, order: number, result: ScanJobResult): void {
  const ranges = result.ranges ?? []
  for (let r = 0; r < ranges.length; r++) if (ranges[r].rows > 0) turns.prepareRange(order, r, fillOf(ranges[r]))
}

/** The part of a range's entry its worker needs. */
function fillOf(e: RangeEntry): RangeFill {
  return { shift: e.shift, first: e.first, fixRow: e.fixRow, fixIndex: e.fixIndex, fixTime: e.fixTime }
}

/** A range whose worker is gone, scanned again here, its rows as its worker would have written them. */
async function rescanRange(format: ScanFormat, symbol: string, entry: RangeEntry): Promise<Uint8Array> {
  if (!entry.part || format === 'table') throw new Error(`${symbol}: a range's rows are lost with its worker and cannot be scanned again.`)
  const r = await runScanJob({ ...entry.part, returnZones: true, output: undefined })
  if (!r.zones || r.zones.index.length !== entry.rows) throw new Error(`${symbol}: a range scanned again has ${r.fvgs} zones, not ${entry.rows}; did the file change?`)
  return formatRange(format, symbol, r.zones, entry)
}

export async function writeSplitPart(
  o: { format: ScanFormat; file: string; order: number; turns: PartTurns; write: (bytes: Uint8Array) => void },
  result: ScanJobResult,
): Promise<void> {
  const ranges = result.ranges ?? []
  const z = result.zones // null when the ranges sent back their open zones only
  const text = (s: string) => {
    if (s) o.write(encoder.encode(s))
  }
  text(partHead(o.format, o.file, result))
  let k0 = 0
  for (let r = 0; r < ranges.length; r++) {
    const fill = ranges[r]
    if (fill.rows > 0) {
      const wrote = await (o.turns.grantRange(o.order, r, fillOf(fill)) ?? false)
      if (!wrote) o.write(z ? formatZoneRows(o.format, result.symbol, z, k0, k0 + fill.rows, fill.first) : await rescanRange(o.format, result.symbol, fill))
    }
    k0 += fill.rows
  }
  text(partTail(o.format))
}
