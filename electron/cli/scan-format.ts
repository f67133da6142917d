// Output of `gapwatch scan`: JSON (the documented shape), CSV (one zone a row) or a table.
import type { ScanJobResult } from '../worker/protocol.ts'

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

export function formatScan(format: 'json' | 'csv' | 'table', files: ScannedFile[], stats: ScanStats): Uint8Array[] {
  const out = new ChunkBuilder()
  if (format === 'json') json(out, files, stats)
  else if (format === 'csv') csv(out, files)
  else out.text(table(files, stats))
  return out.finish()
}

/**
 * Appends bytes to 1 MiB buffers. Zone rows are written as bytes directly (pre-encoded field names,
 * integers digit by digit): building a string per row and encoding it cost more than the scan.
 */
class ChunkBuilder {
  private readonly chunks: Uint8Array[] = []
  private buf = new Uint8Array(1 << 20)
  private pos = 0
  private readonly digits = new Uint8Array(24)

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return
    this.chunks.push(this.buf.subarray(0, this.pos))
    this.buf = new Uint8Array(Math.max(1 << 20, n))
    this.pos = 0
  }

  /** Short fragments: a plain loop beats TypedArray.set's call overhead at this size. */
  bytes(b: Uint8Array): void {
    this.room(b.length)
    const buf = this.buf
    let pos = this.pos
    for (let i = 0; i < b.length; i++) buf[pos++] = b[i]
    this.pos = pos
  }

  text(s: string): void {
    const b = encoder.encode(s)
    this.room(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }

  /** ASCII text, such as a number's String() form. */
  ascii(s: string): void {
    this.room(s.length)
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i)
  }

  /** A safe integer. Epoch-ms times exceed 2^31, so they go as two halves that fit 32-bit math. */
  int(n: number): void {
    this.room(24)
    if (n < 0) {
      this.buf[this.pos++] = 45
      n = -n
    }
    if (n < 2147483648) return this.small(n)
    const hi = Math.floor(n / 1e6)
    this.small(hi)
    let lo = n - hi * 1e6
    for (let i = 5; i >= 0; i--) {
      const q = (lo / 10) | 0
      this.digits[i] = 48 + lo - q * 10
      lo = q
    }
    for (let i = 0; i < 6; i++) this.buf[this.pos++] = this.digits[i]
  }

  private small(n: number): void {
    let k = 0
    do {
      const q = (n / 10) | 0
      this.digits[k++] = 48 + n - q * 10
      n = q
    } while (n > 0)
    while (k > 0) this.buf[this.pos++] = this.digits[--k]
  }

  /** A finite number as JSON writes it (integers digit by digit), else null. */
  num(v: number): void {
    if (Number.isSafeInteger(v)) this.int(v)
    else this.ascii(Number.isFinite(v) ? String(v) : 'null')
  }

  finish(): Uint8Array[] {
    this.chunks.push(this.buf.subarray(0, this.pos))
    return this.chunks
  }
}

const encoder = new TextEncoder()
const K = Object.fromEntries(
  ['{"index":', ',{"index":', ',"time":', ',"direction":', ',"top":', ',"bottom":', ',"mitigatedIndex":', ',"mitigatedTime":', 'null', '}', ']}']
    .map((s) => [s, encoder.encode(s)]),
) as Record<string, Uint8Array>

function json(out: ChunkBuilder, files: ScannedFile[], stats: ScanStats): void {
  out.text('{"symbols":[')
  files.forEach(({ file, result: r }, f) => {
    out.text(`${f ? ',' : ''}{"symbol":${JSON.stringify(r.symbol)},"file":${JSON.stringify(file)},"candles":${r.candles},"fvgs":[`)
    const z = r.zones!
    for (let k = 0; k < z.index.length; k++) {
      const m = z.mitigatedIndex[k]
      out.bytes(k ? K[',{"index":'] : K['{"index":'])
      out.int(z.index[k])
      out.bytes(K[',"time":'])
      out.num(z.time[k])
      out.bytes(K[',"direction":'])
      out.int(z.direction[k])
      out.bytes(K[',"top":'])
      out.num(z.top[k])
      out.bytes(K[',"bottom":'])
      out.num(z.bottom[k])
      out.bytes(K[',"mitigatedIndex":'])
      if (m >= 0) out.int(m)
      else out.bytes(K.null)
      out.bytes(K[',"mitigatedTime":'])
      if (m >= 0) out.num(z.mitigatedTime[k])
      else out.bytes(K.null)
      out.bytes(K['}'])
    }
    out.bytes(K[']}'])
  })
  out.text(`],"stats":${JSON.stringify(stats)}}\n`)
}

function csv(out: ChunkBuilder, files: ScannedFile[]): void {
  out.ascii('symbol,index,time,direction,top,bottom,mitigated_index,mitigated_time\n')
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
