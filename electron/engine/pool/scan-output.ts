// Output of `gapwatch scan`: JSON (the documented shape), CSV (one zone a row) or a table. A file's
// part of the output (its JSON object, its CSV rows, its table row) is formatted on its own, by
// the worker that scanned it, so formatting scales with the workers. The CLI writes the head and
// the tail and gives each part its turn, in input order (electron/cli/scan-stream.ts): a JSON or CSV
// part is written by its worker (pool/output-turn.ts), a table row and a part without a worker by
// the CLI. formatScan puts gathered results together the same way, byte for byte.
import type { ScanJobResult } from './protocol.ts'
import type { SegmentZones } from '../fvg/segments.ts'
import { CSV_HEADER, iso, writeZoneRows } from './zone-row.ts'
import { oneLine } from '../market/errors.ts'

export type ScanFormat = 'json' | 'csv' | 'table'

export interface ScannedFile {
  file: string
  result: ScanJobResult
}

export interface ScanStats {
  files: number
  failed: number
  workers: number
  candles: number
  fvgs: number
  wallMs: number
  candlesPerSec: number
  balance: number
}

/** One file's formatted part: its bytes (JSON object or CSV rows; empty for the table) and table row. */
export interface FileOutput {
  bytes: Uint8Array
  row: string[]
}

/**
 * Writes gathered results through `sink` in chunks of about 1 MiB. A chunk is only valid during the
 * call: its buffer is reused for the next one, so tens of MB of output take 1 MiB of memory.
 */
export function formatScan(format: ScanFormat, files: ScannedFile[], stats: ScanStats, sink: (chunk: Uint8Array) => void): void {
  const out = new ChunkWriter(sink)
  out.text(scanHead(format))
  files.forEach(({ file, result }, i) => {
    if (i > 0) out.text(scanSeparator(format))
    writeFilePart(out, format, file, result)
  })
  out.text(scanTail(format, files.map((f) => tableRow(f.result)), stats))
  out.flush()
}

/** What comes before the first file's part. */
export function scanHead(format: ScanFormat): string {
  if (format === 'json') return '{"symbols":['
  if (format === 'csv') return CSV_HEADER
  return ''
}

/** What comes between two files' parts. */
export function scanSeparator(format: ScanFormat): string {
  return format === 'json' ? ',' : ''
}

/** What comes after the last file's part: the stats, or the whole table from its rows. */
export function scanTail(format: ScanFormat, rows: string[][], stats: ScanStats): string {
  if (format === 'json') return `],"stats":${JSON.stringify(stats)}}\n`
  if (format === 'csv') return ''
  return table(rows, stats)
}

/** Bytes of one zone's JSON object or CSV row, about: 137 on average for 1M 5-decimal candles. */
const ZONE_BYTES_GUESS = 144

/**
 * One file's part as one byte array, and its table row (what a worker sends back). Written into
 * one buffer sized for its zones (grown if short), not gathered from chunks: no copy of tens of MB.
 */
export function formatFilePart(format: ScanFormat, file: string, result: ScanJobResult): FileOutput {
  const zones = result.zones?.index.length ?? 0
  const out = new ChunkWriter(null, format === 'table' ? 0 : 1024 + zones * ZONE_BYTES_GUESS)
  writeFilePart(out, format, file, result)
  return { bytes: out.buf.subarray(0, out.pos), row: tableRow(result) }
}

function writeFilePart(out: ChunkWriter, format: ScanFormat, file: string, r: ScanJobResult): void {
  if (format === 'table') return
  out.text(partHead(format, file, r))
  const z = zonesOf(r)
  writeZoneRows(out, format, r.symbol, z, 0, z.index.length, true)
  out.text(partTail(format))
}

/**
 * A 1 MiB buffer handed to the sink whenever it fills up; without a sink, one buffer of
 * `initialBytes` that grows (doubling) and holds everything written.
 */
export class ChunkWriter {
  buf: Uint8Array
  pos = 0
  private readonly sink: ((chunk: Uint8Array) => void) | null
  constructor(sink: ((chunk: Uint8Array) => void) | null, initialBytes = 1 << 20) {
    this.sink = sink
    this.buf = new Uint8Array(initialBytes)
  }

  /** Makes room for n more bytes at `pos` and returns the buffer to write them into. */
  reserve(n: number): Uint8Array {
    if (this.pos + n <= this.buf.length) return this.buf
    if (this.sink) {
      this.flush()
      if (n > this.buf.length) this.buf = new Uint8Array(n)
    } else {
      const grown = new Uint8Array(Math.max(2 * this.buf.length, this.pos + n, 4096))
      grown.set(this.buf.subarray(0, this.pos))
      this.buf = grown
    }
    return this.buf
  }

  text(s: string): void {
    if (s === '') return
    const b = encoder.encode(s)
    this.reserve(b.length).set(b, this.pos)
    this.pos += b.length
  }

  flush(): void {
    if (!this.sink) return
    if (this.pos > 0) this.sink(this.buf.subarray(0, this.pos))
    this.pos = 0
  }
}

const encoder = new TextEncoder()

function zonesOf(r: ScanJobResult): SegmentZones {
  if (!r.zones) throw new Error(`${r.symbol}: the scan came back without its zones, so it cannot be printed.`)
  return r.zones
}

/** What comes before a file's zone rows (its JSON object's fields; nothing in CSV). */
export function partHead(format: ScanFormat, file: string, r: ScanJobResult): string {
  return format === 'json' ? `{"symbol":${JSON.stringify(r.symbol)},"file":${JSON.stringify(file)},"candles":${r.candles},"fvgs":[` : ''
}

/** What comes after a file's zone rows. */
export function partTail(format: ScanFormat): string {
  return format === 'json' ? ']}' : ''
}

/** Zone rows from … to − 1 (a split file's range: scan-split-out.ts); `first`: the file's first row. */
export function formatZoneRows(format: ScanFormat, symbol: string, z: SegmentZones, from: number, to: number, first: boolean): Uint8Array {
  const out = new ChunkWriter(null, 1024 + (to - from) * ZONE_BYTES_GUESS)
  if (format !== 'table') writeZoneRows(out, format, symbol, z, from, to, first)
  return out.buf.subarray(0, out.pos)
}

/** A file's row of the table: symbol, candles, FVGs, bullish, bearish, open, first and last candle. */
export function tableRow(r: ScanJobResult): string[] {
  let bull = 0
  let open = 0
  if (!r.zones && r.zoneCounts) ({ bullish: bull, open } = r.zoneCounts) // a split file whose ranges wrote their rows
  else {
    const z = zonesOf(r)
    for (let k = 0; k < z.index.length; k++) {
      if (z.direction[k] === 1) bull++
      if (z.mitigatedIndex[k] < 0) open++
    }
  }
  // The symbol is a file's name: its control characters and line breaks are escaped, so none reaches the terminal.
  return [oneLine(r.symbol), String(r.candles), String(r.fvgs), String(bull), String(r.fvgs - bull), String(open), iso(r.firstTime).slice(0, 16), iso(r.lastTime).slice(0, 16)]
}

function table(rows: string[][], stats: ScanStats): string {
  const head = ['symbol', 'candles', 'fvgs', 'bullish', 'bearish', 'open', 'first', 'last']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i >= 6 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
  out.push('', `${stats.files} file(s), ${stats.candles.toLocaleString('en-US')} candles, ${stats.fvgs.toLocaleString('en-US')} FVGs in ${stats.wallMs} ms ${stats.workers ? `with ${stats.workers} worker(s)` : 'in-process'}${stats.failed ? `; ${stats.failed} failed` : ''}`)
  return `${out.join('\n')}\n`
}
