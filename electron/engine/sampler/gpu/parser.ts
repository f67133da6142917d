// Pure parser for the output of
//   nvidia-smi --query-gpu=index,name,utilization.gpu,utilization.memory,memory.used,memory.total,
//              temperature.gpu,power.draw,clocks.sm --format=csv,noheader,nounits -lms <ms>
// fed with text chunks that may split lines anywhere. Each loop of nvidia-smi prints one line per GPU,
// in index order; a batch ends when an index repeats. The latest reading of each GPU is kept, and a
// GPU missing from a finished batch (lost, or simply no longer printed) is dropped.
import type { Gpu } from '../../../../shared/sample.ts'

export const QUERY_FIELDS = [
  'index', 'name', 'utilization.gpu', 'utilization.memory', 'memory.used', 'memory.total',
  'temperature.gpu', 'power.draw', 'clocks.sm',
] as const

const MIB = 1024 * 1024

export type SmiLine =
  | { kind: 'reading'; gpu: Gpu }
  /** "Unable to determine the device handle for GPU0000:01:00.0: GPU is lost…" */
  | { kind: 'lost'; busId: string | null; message: string }
  /** No device, no driver, NVML failure: nvidia-smi will not produce readings on this machine. */
  | { kind: 'fatal'; message: string }
  | { kind: 'other'; line: string }

const FATAL = [
  /no devices were found/i,
  /nvidia-smi has failed/i,
  /failed to initialize nvml/i,
  /couldn't communicate with the nvidia driver/i,
  /driver\/library version mismatch/i,
]

/** "[N/A]", "[Not Supported]", "[Unknown Error]", "N/A"… and anything else not numeric → null. */
export function numberOrNull(field: string): number | null {
  if (field === '' || field.startsWith('[') || field === 'N/A') return null
  const v = Number(field)
  return Number.isFinite(v) ? v : null
}

export function parseSmiLine(raw: string): SmiLine | null {
  const line = raw.trim()
  if (line === '') return null
  if (/unable to determine the device handle|gpu is lost/i.test(line)) {
    const m = /GPU\s*([0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f])/i.exec(line)
    return { kind: 'lost', busId: m ? m[1] : null, message: line }
  }
  if (FATAL.some((re) => re.test(line))) return { kind: 'fatal', message: line }
  const f = line.split(',').map((s) => s.trim())
  if (f.length < QUERY_FIELDS.length || !/^\d+$/.test(f[0])) return { kind: 'other', line }
  // A name holding commas spans the extra fields: the seven numeric fields are the last ones.
  const tail = f.slice(f.length - 7)
  const name = f.slice(1, f.length - 7).join(', ')
  const [util, memUtil, memUsed, memTotal, temp, power, clock] = tail.map(numberOrNull)
  return {
    kind: 'reading',
    gpu: {
      index: Number(f[0]),
      name,
      utilization: util,
      memoryUtilization: memUtil,
      memoryUsedBytes: memUsed === null ? null : memUsed * MIB,
      memoryTotalBytes: memTotal === null ? null : memTotal * MIB,
      temperatureC: temp,
      powerW: power,
      clockSmMHz: clock,
    },
  }
}

/** Splits a text stream into lines (LF or CRLF), keeping the unfinished tail between chunks. */
export class LineSplitter {
  private partial = ''

  push(chunk: string, onLine: (line: string) => void): void {
    let text = this.partial + chunk
    let nl = text.indexOf('\n')
    while (nl >= 0) {
      onLine(text.charCodeAt(nl - 1) === 13 ? text.slice(0, nl - 1) : text.slice(0, nl))
      text = text.slice(nl + 1)
      nl = text.indexOf('\n')
    }
    this.partial = text
  }

  end(onLine: (line: string) => void): void {
    if (this.partial !== '') onLine(this.partial)
    this.partial = ''
  }
}

export class NvidiaSmiStream {
  /** The first fatal message seen, if any. */
  fatal: string | null = null
  readonly lost: string[] = []
  private readonly latest = new Map<number, Gpu>()
  private readonly batch = new Set<number>()
  private readonly splitter = new LineSplitter()
  private readonly onLine: ((l: SmiLine) => void) | undefined
  private readonly handle = (raw: string): void => this.line(raw)

  constructor(onLine?: (l: SmiLine) => void) {
    this.onLine = onLine
  }

  feed(chunk: string): void {
    this.splitter.push(chunk, this.handle)
  }

  /** End of stream: parses an unterminated last line. */
  end(): void {
    this.splitter.end(this.handle)
  }

  /** Latest reading per GPU, by index. */
  gpus(): Gpu[] {
    return [...this.latest.values()].sort((a, b) => a.index - b.index)
  }

  /** Forgets readings and batch state (the process behind the stream is gone). */
  clear(): void {
    this.latest.clear()
    this.batch.clear()
  }

  private line(raw: string): void {
    const l = parseSmiLine(raw)
    if (l === null) return
    if (l.kind === 'reading') {
      const i = l.gpu.index
      if (this.batch.has(i)) this.finishBatch()
      this.batch.add(i)
      this.latest.set(i, l.gpu)
    } else if (l.kind === 'lost') {
      this.lost.push(l.message)
      if (this.lost.length > 16) this.lost.shift()
    } else if (l.kind === 'fatal') {
      this.fatal ??= l.message
    }
    this.onLine?.(l)
  }

  private finishBatch(): void {
    for (const i of this.latest.keys()) if (!this.batch.has(i)) this.latest.delete(i)
    this.batch.clear()
  }
}
