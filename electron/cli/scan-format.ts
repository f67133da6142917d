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

/** The formatted output as byte chunks: a million-candle file has hundreds of thousands of zones,
 * and one giant string costs more than the scan itself. */
export function formatScan(format: 'json' | 'csv' | 'table', files: ScannedFile[], stats: ScanStats): Buffer[] {
  const out = new ChunkBuilder()
  if (format === 'json') json(out, files, stats)
  else if (format === 'csv') csv(out, files)
  else out.text(table(files, stats))
  return out.finish()
}

/** Appends text to 1 MiB buffers; zone rows are ASCII and take the fast latin1 path. */
class ChunkBuilder {
  private readonly chunks: Buffer[] = []
  private buf = Buffer.allocUnsafe(1 << 20)
  private used = 0

  ascii(s: string): void {
    if (this.used + s.length > this.buf.length) this.flush(s.length)
    this.used += this.buf.write(s, this.used, 'latin1')
  }

  text(s: string): void {
    const bytes = Buffer.from(s, 'utf8')
    if (this.used + bytes.length > this.buf.length) this.flush(bytes.length)
    bytes.copy(this.buf, this.used)
    this.used += bytes.length
  }

  private flush(need: number): void {
    this.chunks.push(this.buf.subarray(0, this.used))
    this.buf = Buffer.allocUnsafe(Math.max(1 << 20, need))
    this.used = 0
  }

  finish(): Buffer[] {
    this.chunks.push(this.buf.subarray(0, this.used))
    return this.chunks
  }
}

function json(out: ChunkBuilder, files: ScannedFile[], stats: ScanStats): void {
  out.ascii('{"symbols":[')
  files.forEach(({ file, result: r }, f) => {
    out.text(`${f ? ',' : ''}{"symbol":${JSON.stringify(r.symbol)},"file":${JSON.stringify(file)},"candles":${r.candles},"fvgs":[`)
    const z = r.zones!
    for (let k = 0; k < z.index.length; k++) {
      const m = z.mitigatedIndex[k]
      out.ascii(
        (k ? ',{"index":' : '{"index":') + z.index[k] + ',"time":' + num(z.time[k]) + ',"direction":' + z.direction[k] +
          ',"top":' + num(z.top[k]) + ',"bottom":' + num(z.bottom[k]) + ',"mitigatedIndex":' + (m >= 0 ? m : 'null') +
          ',"mitigatedTime":' + (m >= 0 ? num(z.mitigatedTime[k]) : 'null') + '}',
      )
    }
    out.ascii(']}')
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
