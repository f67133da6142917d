// Output of `gapwatch scan`: JSON (the documented shape), CSV (one zone a row) or a table.
import type { ScanJobResult } from '../engine/pool/protocol.ts'
import { MAX_NUMBER_BYTES, writeNumber, writeUint } from './number-bytes.ts'

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

/** Numbers print as JSON does (shortest round-trip form), so top/bottom are exact copies of the input. */
const num = (v: number) => (Number.isFinite(v) ? String(v) : 'null')
const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '')

/**
 * Writes the results through `sink` in chunks of about 1 MiB. A chunk is only valid during the call:
 * its buffer is reused for the next one, so tens of MB of output take 1 MiB of memory.
 */
export function formatScan(format: 'json' | 'csv' | 'table', files: ScannedFile[], stats: ScanStats, sink: (chunk: Uint8Array) => void): void {
  const out = new ChunkWriter(sink)
  if (format === 'json') json(out, files, stats)
  else if (format === 'csv') csv(out, files)
  else out.text(table(files, stats))
  out.flush()
}

/** A 1 MiB buffer handed to the sink whenever it fills up. */
class ChunkWriter {
  buf = new Uint8Array(1 << 20)
  pos = 0
  private readonly sink: (chunk: Uint8Array) => void
  constructor(sink: (chunk: Uint8Array) => void) {
    this.sink = sink
  }

  /** Makes room for n more bytes at `pos` and returns the buffer to write them into. */
  reserve(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) {
      this.flush()
      if (n > this.buf.length) this.buf = new Uint8Array(n)
    }
    return this.buf
  }

  text(s: string): void {
    const b = encoder.encode(s)
    this.reserve(b.length).set(b, this.pos)
    this.pos += b.length
  }

  flush(): void {
    if (this.pos > 0) this.sink(this.buf.subarray(0, this.pos))
    this.pos = 0
  }
}

const encoder = new TextEncoder()

/** Short constant fragments: a plain loop beats TypedArray.set's call overhead at this size. */
function put(buf: Uint8Array, pos: number, b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) buf[pos++] = b[i]
  return pos
}

const OPEN_FIRST = encoder.encode('{"index":')
const OPEN_NEXT = encoder.encode(',{"index":')
const TIME = encoder.encode(',"time":')
const DIRECTION = encoder.encode(',"direction":')
const TOP = encoder.encode(',"top":')
const BOTTOM = encoder.encode(',"bottom":')
const MITIGATED_INDEX = encoder.encode(',"mitigatedIndex":')
const MITIGATED_TIME = encoder.encode(',"mitigatedTime":')
const NULL = encoder.encode('null')
/** One zone row's fixed text plus six numbers at their longest. */
const ROW_BYTES = 128 + 6 * MAX_NUMBER_BYTES

function json(out: ChunkWriter, files: ScannedFile[], stats: ScanStats): void {
  out.text('{"symbols":[')
  files.forEach(({ file, result: r }, f) => {
    out.text(`${f ? ',' : ''}{"symbol":${JSON.stringify(r.symbol)},"file":${JSON.stringify(file)},"candles":${r.candles},"fvgs":[`)
    const z = r.zones!
    for (let k = 0; k < z.index.length; k++) {
      const buf = out.reserve(ROW_BYTES)
      let pos = put(buf, out.pos, k ? OPEN_NEXT : OPEN_FIRST)
      pos = writeUint(buf, pos, z.index[k])
      pos = writeNumber(buf, put(buf, pos, TIME), z.time[k])
      pos = writeNumber(buf, put(buf, pos, DIRECTION), z.direction[k])
      pos = writeNumber(buf, put(buf, pos, TOP), z.top[k])
      pos = writeNumber(buf, put(buf, pos, BOTTOM), z.bottom[k])
      pos = put(buf, pos, MITIGATED_INDEX)
      const m = z.mitigatedIndex[k]
      pos = m >= 0 ? writeUint(buf, pos, m) : put(buf, pos, NULL)
      pos = put(buf, pos, MITIGATED_TIME)
      pos = m >= 0 ? writeNumber(buf, pos, z.mitigatedTime[k]) : put(buf, pos, NULL)
      buf[pos++] = 125 // }
      out.pos = pos
    }
    out.text(']}')
  })
  out.text(`],"stats":${JSON.stringify(stats)}}\n`)
}

function csv(out: ChunkWriter, files: ScannedFile[]): void {
  out.text('symbol,index,time,direction,top,bottom,mitigated_index,mitigated_time\n')
  for (const { result: r } of files) {
    const z = r.zones!
    const symbol = r.symbol.includes(',') || r.symbol.includes('"') ? `"${r.symbol.replaceAll('"', '""')}"` : r.symbol
    for (let k = 0; k < z.index.length; k++) {
      const m = z.mitigatedIndex[k]
      out.text(`${symbol},${z.index[k]},${iso(z.time[k])},${z.direction[k]},${num(z.top[k])},${num(z.bottom[k])},${m >= 0 ? m : ''},${m >= 0 ? iso(z.mitigatedTime[k]) : ''}\n`)
    }
  }
}

function table(files: ScannedFile[], stats: ScanStats): string {
  const rows = files.map(({ result: r }) => {
    const z = r.zones!
    let bull = 0
    let open = 0
    for (let k = 0; k < z.index.length; k++) {
      if (z.direction[k] === 1) bull++
      if (z.mitigatedIndex[k] < 0) open++
    }
    return [r.symbol, String(r.candles), String(r.fvgs), String(bull), String(r.fvgs - bull), String(open), iso(r.firstTime).slice(0, 16), iso(r.lastTime).slice(0, 16)]
  })
  const head = ['symbol', 'candles', 'fvgs', 'bullish', 'bearish', 'open', 'first', 'last']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i >= 6 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
  out.push('', `${stats.files} file(s), ${stats.candles.toLocaleString('en-US')} candles, ${stats.fvgs.toLocaleString('en-US')} FVGs in ${stats.wallMs} ms ${stats.workers ? `with ${stats.workers} worker(s)` : 'in-process'}${stats.failed ? `; ${stats.failed} failed` : ''}`)
  return `${out.join('\n')}\n`
}
