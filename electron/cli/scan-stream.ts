// `gapwatch scan`'s output, streamed: files are scanned (and their parts formatted, by the workers)
// at most `window` ahead of the one being written, and each part is written in input order as soon
// as it and every earlier one are in. Memory holds a few files' output, not all of them; the bytes
// equal formatScan's of the gathered results. With `turns`, a worker writes its part itself when
// its turn comes (scan-turns.ts): the bytes never pass through this process.
import { OutputWriteError } from '../engine/pool/output-turn.ts'
import type { ScanJobResult } from '../engine/pool/protocol.ts'
import type { PartTurns } from './scan-turns.ts'
import { formatFilePart, scanHead, scanSeparator, scanTail, tableRow, type ScanFormat, type ScanStats } from '../engine/pool/scan-output.ts'
import { prepareSplitPart, writeSplitPart } from './scan-split-out.ts'

export interface StreamTotals {
  files: number
  failed: number
  candles: number
  fvgs: number
}

export interface StreamOptions {
  format: ScanFormat
  /** The file names as printed, in input order. */
  files: readonly string[]
  /** How many files may be scanning or waiting to be written at once (at least 1). */
  window: number
  /** Scans file i; the result carries its formatted part (`output`) or its zones to format here. */
  scan: (i: number) => Promise<ScanJobResult>
  /** Writes output bytes, all of them before it returns (a worker may write next). */
  write: (bytes: Uint8Array) => void
  /** Where workers hold formatted parts for their turn (files whose spec has `output.stream`). */
  turns?: PartTurns
  /** A file that failed: told in input order; it has no part in the output. */
  onError: (i: number, err: Error) => void
  /** A file that was scanned, in input order, before its part is written. */
  onResult?: (i: number, result: ScanJobResult) => void
  /** The stats printed at the end, from the totals. */
  stats: (totals: StreamTotals) => ScanStats
}

const encoder = new TextEncoder()

export async function streamScan(o: StreamOptions): Promise<StreamTotals> {
  const n = o.files.length
  const window = Math.max(1, Math.floor(o.window))
  const pending = new Map<number, Promise<ScanJobResult | Error>>()
  const start = (i: number) => {
    const prepare = (r: ScanJobResult) => {
      if (o.turns && r.ranges) prepareSplitPart(o.turns, i, r) // a split file's ranges fill their rows now
      return r
    }
    pending.set(i, o.scan(i).then(prepare, (err: unknown) => (err instanceof Error ? err : new Error(String(err)))))
  }
  for (let i = 0; i < Math.min(window, n); i++) start(i)
  const totals: StreamTotals = { files: n, failed: 0, candles: 0, fvgs: 0 }
  const rows: string[][] = []
  const text = (s: string) => {
    if (s) o.write(encoder.encode(s))
  }
  text(scanHead(o.format))
  for (let i = 0; i < n; i++) {
    const job = pending.get(i)!
    let got: ScanJobResult | Error | null = null
    let streamed = false
    // A streamed part: when its worker holds it, write what comes before it and give it the turn.
    // A result that comes first is a part without a turn (a split file's merge) or an error.
    while (o.turns && got === null) {
      const turns = o.turns
      const first = await Promise.race([job, turns.ready(i).then(() => null)])
      if (first !== null) got = first
      else if (turns.holds(i)) {
        if (rows.length > 0) text(scanSeparator(o.format))
        const lost = turns.grant(i)
        streamed = true
        got = await Promise.race([job, lost]).catch((err: unknown) => err as Error)
        // Some bytes may be out: the run cannot go on as if this file had failed cleanly.
        if (got instanceof Error) throw outputError(o.files[i], got)
      }
    }
    got ??= await job
    pending.delete(i)
    if (i + window < n) start(i + window)
    if (got instanceof Error) {
      totals.failed++
      o.turns?.drop(i) // its wait, and a split file's ranges scanned before the one that failed
      o.onError(i, got)
      continue
    }
    o.onResult?.(i, got)
    if (!streamed && o.turns && got.ranges) {
      // A split file: its ranges' workers write their rows (scan-split-out.ts).
      if (rows.length > 0) text(scanSeparator(o.format))
      await writeSplitPart({ format: o.format, file: o.files[i], order: i, turns: o.turns, write: o.write }, got)
        .catch((err: unknown) => {
          throw outputError(o.files[i], err as Error)
        })
      rows.push(tableRow(got))
    } else if (!streamed) {
      // A result without a formatted part (a split job's merge) is formatted here.
      const part = got.output ?? formatFilePart(o.format, o.files[i], got)
      if (rows.length > 0) text(scanSeparator(o.format))
      if (part.bytes.length > 0) o.write(part.bytes)
      rows.push(part.row)
    } else rows.push((got.output ?? formatFilePart(o.format, o.files[i], got)).row)
    o.turns?.drop(i) // its wait for a worker (a result came first), and ranges without rows
    totals.candles += got.candles
    totals.fvgs += got.fvgs
  }
  text(scanTail(o.format, rows, o.stats(totals)))
  return totals
}

function outputError(file: string, err: Error): OutputWriteError {
  const code = err instanceof OutputWriteError ? err.code : 'EIO'
  return new OutputWriteError(code, `The output is incomplete: writing ${file}'s part failed: ${err.message}`)
}
