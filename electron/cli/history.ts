// `gapwatch history import FILE.csv | export`: metric history in and out as a wide CSV (`time`, then
// one column per metric as /api/query names them). Import goes through the MetricStore's append and
// flush, the path of live samples, so the same rollups are built (a 14-day trace lands in the
// 1-minute tier and, by the raw retention, its last 48 h also raw).
import { fs, parseArgs } from '../engine/builtins.ts'
import path from 'node:path'
import { defaultDataDir } from '../engine/data-dir.ts'
import { FileReadError, readImportFile } from '../engine/market/read-file.ts'
import { isKnownMetric } from '../../shared/alerts.ts'
import { MAX_METRIC_VALUE, METRIC_LIST_SEPARATOR, metricRange, unitOfMetric } from '../../shared/metrics.ts'
import { parseIsoTime } from '../../shared/iso-time.ts'
import { MAX_CANDLE_TIME_MS, MIN_CANDLE_TIME_MS } from '../../shared/limits.ts'
import { parsePromDuration } from '../../shared/durations.ts'
import { UsageError } from './common.ts'
import { printable } from '../engine/market/errors.ts'
import { dataDirWithHistory } from './data-dir-arg.ts'
import { checkOutFile, checkOutIsNoDataFile } from './out-not-input.ts'
import { parseTimeArg } from './time-arg.ts'
import { stderrLine } from './log.ts'
import { tierParts } from '../engine/store/tiers.ts'
import { HOUR } from '../engine/store/open-hour.ts'

const iso = (t: number) => new Date(t).toISOString()
const formatMs = (ms: number) => (ms % HOUR === 0 ? `${ms / HOUR} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`)

export const historyHelp = `Usage: gapwatch history import FILE.csv [--data-dir DIR]
       gapwatch history export --metrics a,b [--from T] [--to T] [--step 1m] [--format csv|json]
                               [--data-dir DIR] [--out FILE]

  import   a wide CSV: a "time" column (ISO 8601 or epoch ms), then one column per metric
           (cpu.total, mem.used_pct, …); times strictly increasing; an empty cell is no value.
  export   the same shape, one row per --step (default 1m) with each bucket's average, each part
           of the range from the finest stored tier that covers it (stderr names a part only
           coarser rollups cover); --format json writes [{time, <metric>: value}]. T: ISO 8601,
           epoch ms, "now", or a duration ago (7d). Default: the last 24 h.`

/** A bad line of an import file: named with its file and line, the import refused whole. */
export class CsvError extends UsageError {}

export async function history(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      metrics: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      step: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [sub, file, ...extra] = positionals
  if (values.help || sub === undefined) return void console.log(historyHelp)
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`)
  if (sub === 'import') {
    if (file === undefined) throw new UsageError('gapwatch history import needs a FILE.csv.')
    return importCsv(file, path.resolve(values['data-dir'] ?? defaultDataDir()))
  }
  if (sub === 'export') {
    if (file !== undefined) throw new UsageError(`Unexpected argument "${file}" (use --out FILE).`)
    return exportHistory(values['data-dir'], values)
  }
  throw new UsageError(`Unknown history command "${sub}". Try "gapwatch history --help".`)
}

export interface WideCsv {
  metrics: string[]
  times: Float64Array
  /** values[k][row], NaN where the cell is empty. */
  values: Float64Array[]
}

/** Epoch ms of a time cell, or why it is not one. */
function parseTime(text: string): { ok: true; t: number } | { ok: false; reason: string } {
  if (/^\d+$/.test(text)) return { ok: true, t: Number(text) }
  if (/^\d+\.\d*$/.test(text)) return { ok: false, reason: 'is not a whole number of epoch ms' }
  if (!/^\d{4}-\d\d-\d\d/.test(text)) return { ok: false, reason: 'is not ISO 8601 or epoch ms' }
  const iso = parseIsoTime(text)
  return iso.ok ? iso : { ok: false, reason: iso.kind === 'not-a-date' ? iso.reason : 'is not ISO 8601 or epoch ms' }
}

const RANGE_OF_TIMES = `${new Date(MIN_CANDLE_TIME_MS).toISOString().slice(0, 10)} to ${new Date(MAX_CANDLE_TIME_MS).toISOString().slice(0, 10)}`

/** `file:line:column`, the column (1-based, in characters) where cell k of the line starts. */
function at(file: string, lineNo: number, cells: readonly string[], k: number): string {
  let col = 1
  for (let i = 0; i < k; i++) col += cells[i].length + 1
  return `${file}:${lineNo}:${col}`
}

/** Parses and checks the whole file first, so a bad line refuses the import before anything is written. */
export function parseWideCsv(file: string, text: string): WideCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop()
  if (lines.length === 0) throw new CsvError(`${file}: empty file.`)
  const header = lines[0].split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'))
  if (header[0] !== 'time') throw new CsvError(`${file}:1: the first column must be "time", not "${header[0]}".`)
  const metrics = header.slice(1)
  if (metrics.length === 0) throw new CsvError(`${file}:1: no metric columns after "time".`)
  const unknown = metrics.filter((m) => !isKnownMetric(m))
  if (unknown.length > 0) throw new CsvError(`${file}:1: unknown metric(s): ${unknown.map((m) => `"${m}"`).join(', ')} (names as in /api/query, e.g. cpu.total, mem.used_pct).`)
  const dup = metrics.find((m, i) => metrics.indexOf(m) !== i)
  if (dup !== undefined) throw new CsvError(`${file}:1: the column "${dup}" appears twice.`)
  const n = lines.length - 1
  if (n === 0) throw new CsvError(`${file}: no rows after the header.`)
  const times = new Float64Array(n)
  const values = metrics.map(() => new Float64Array(n))
  const ranges = metrics.map((m) => metricRange(m)!)
  let prev = -Infinity
  for (let r = 0; r < n; r++) {
    const lineNo = r + 2
    const cells = lines[r + 1].split(',')
    if (cells.length !== header.length) throw new CsvError(`${file}:${lineNo}: ${cells.length} columns, the header has ${header.length}.`)
    const time = parseTime(cells[0].trim())
    if (!time.ok) throw new CsvError(`${at(file, lineNo, cells, 0)}: column "time": "${cells[0]}" ${time.reason}.`)
    const t = time.t
    if (!(t >= MIN_CANDLE_TIME_MS && t < MAX_CANDLE_TIME_MS)) throw new CsvError(`${at(file, lineNo, cells, 0)}: column "time": "${cells[0]}" is outside ${RANGE_OF_TIMES}.`)
    if (t <= prev) throw new CsvError(`${file}:${lineNo}: times must increase: ${new Date(t).toISOString()} is not after the line before (${new Date(prev).toISOString()}).`)
    prev = t
    times[r] = t
    for (let k = 0; k < metrics.length; k++) {
      const cell = cells[k + 1].trim()
      if (cell === '') {
        values[k][r] = NaN
        continue
      }
      const v = Number(cell)
      if (!Number.isFinite(v)) throw new CsvError(`${at(file, lineNo, cells, k + 1)}: column "${metrics[k]}": "${cell}" is not a number.`)
      const { min, max } = ranges[k]
      if (v < min || v > max) throw new CsvError(`${at(file, lineNo, cells, k + 1)}: column "${metrics[k]}": ${cell} is not a value it can have (${unitOfMetric(metrics[k])}: ${max === MAX_METRIC_VALUE ? `from ${min}` : `${min} to ${max}`}).`)
      values[k][r] = v
    }
  }
  return { metrics, times, values }
}

/** Samples the store flushes at a time (its buffer is bounded; the engine flushes once a second). */
const FLUSH_EVERY = 1000

async function importCsv(file: string, dataDir: string): Promise<void> {
  let text: string
  try {
    // Only a regular file within MAX_IMPORT_BYTES (stat's size of a FIFO or /dev/zero is 0: they hung or grew).
    text = readImportFile(file).toString('utf8')
  } catch (err) {
    throw new UsageError(err instanceof FileReadError ? `${err.message}.` : `Cannot read ${file}: ${(err as Error).message}`)
  }
  const csv = parseWideCsv(file, text)
  // Said before the write, from times parseWideCsv has bounded: nothing after the write can throw.
  const first = new Date(csv.times[0]).toISOString()
  const last = new Date(csv.times[csv.times.length - 1]).toISOString()
  const { openHistory } = await import('./history-store.ts')
  const h = await openHistory(dataDir)
  let stored = 0
  try {
    for (let r = 0; r < csv.times.length; r++) {
      const pairs: Array<[string, number]> = []
      for (let k = 0; k < csv.metrics.length; k++) if (!Number.isNaN(csv.values[k][r])) pairs.push([csv.metrics[k], csv.values[k][r]])
      if (pairs.length === 0) continue
      h.metrics.append(csv.times[r], pairs)
      stored += pairs.length
      if (r % FLUSH_EVERY === FLUSH_EVERY - 1 && !h.metrics.flush()) throw new Error('Could not write the history (see the error above).')
    }
    if (!h.metrics.flush()) throw new Error('Could not write the history (see the error above).')
  } finally {
    h.close()
  }
  console.log(printable(`${file}: imported ${csv.times.length} rows, ${stored} values of ${csv.metrics.join(', ')} from ${first} to ${last} into ${dataDir}.`))
}

async function exportHistory(dataDirArg: string | undefined, o: { metrics?: string; from?: string; to?: string; step?: string; format?: string; out?: string }): Promise<void> {
  if (!o.metrics) throw new UsageError('--metrics a,b is required.')
  const metrics = o.metrics.split(METRIC_LIST_SEPARATOR).map((m) => m.trim()).filter(Boolean)
  const unknown = metrics.filter((m) => !isKnownMetric(m))
  if (unknown.length > 0) throw new UsageError(`--metrics: unknown metric(s): ${unknown.join(', ')}.`)
  const format = o.format ?? 'csv'
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format: "${format}" is not csv or json.`)
  const step = parsePromDuration(o.step ?? '1m')
  if (step === null || step < 1000) throw new UsageError(`--step: "${o.step}" is not a duration of at least 1s (30s, 1m, 1h).`)
  const now = Date.now()
  const to = o.to === undefined ? now : parseTimeArg('--to', o.to, now)
  const from = o.from === undefined ? to - 86_400_000 : parseTimeArg('--from', o.from, now)
  if (from >= to) throw new UsageError('--from must be before --to.')
  const dataDir = dataDirWithHistory(dataDirArg)
  if (o.out !== undefined) {
    checkOutFile(o.out)
    checkOutIsNoDataFile(o.out, dataDir)
  }
  const { openHistory } = await import('./history-store.ts')
  const h = await openHistory(dataDir, { readOnly: true })
  let rows: Map<number, Array<number | null>>
  try {
    rows = new Map()
    // Each part of the range from the finest tier that covers it; a part only a coarser tier covers
    // is said on stderr, not passed off as rows of the asked step.
    for (const part of tierParts(from, to, now, h.metrics.retention, step < HOUR ? step * Math.ceil(HOUR / step) : step)) {
      const points = Math.max(1, Math.ceil((part.to - part.from) / step))
      const q = h.metrics.query({ metrics, from: part.from, to: part.to, points }, now)
      q.series.forEach((s, k) => {
        for (const [t, , , avg] of s.buckets) {
          let row = rows.get(t)
          if (!row) rows.set(t, (row = metrics.map(() => null)))
          row[k] = avg
        }
      })
      if (q.bucketMs > step && q.series.some((s) => s.buckets.length > 0)) {
        stderrLine(
          `warning: --step ${o.step ?? '1m'}: only the ${q.tier === '1h' ? '1-hour' : '1-minute'} rollups cover ${iso(part.from)} to ${iso(part.to)} ` +
            `(finer data is kept ${q.tier === '1h' ? `${h.metrics.retention.minuteDays} days` : `${h.metrics.retention.rawHours} h`}): its rows are averages over ${formatMs(q.bucketMs)}.`,
          'warn',
        )
      }
    }
  } finally {
    h.close()
  }
  const times = [...rows.keys()].sort((a, b) => a - b)
  let text: string
  if (format === 'json') {
    text = JSON.stringify(times.map((t) => Object.fromEntries([['time', new Date(t).toISOString()], ...metrics.map((m, k) => [m, rows.get(t)![k]])])))
  } else {
    const out = [['time', ...metrics].join(',')]
    for (const t of times) out.push([new Date(t).toISOString(), ...rows.get(t)!.map((v) => (v === null ? '' : String(v)))].join(','))
    text = out.join('\n')
  }
  if (o.out) fs.writeFileSync(o.out, `${text}\n`)
  else console.log(text)
}
