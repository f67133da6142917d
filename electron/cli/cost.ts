// `gapwatch cost`: what the machine costs, what it needs and what right-sizing would save, over the
// data directory's history (live or imported with `gapwatch history import`). Every Settings → Cost
// field is a flag; flags override the saved settings for this run only.
import os from 'node:os'
import { parseArgs } from '../engine/builtins.ts'
import { z } from 'zod'
import { FileReadError, readImportFile } from '../engine/market/read-file.ts'
import { CostParamsSchema, CostReportSchema, formatMoney, type CostParams, type CostReport, type Pricing, type Stats } from '../../shared/cost.ts'
import { UsageError } from './common.ts'
import { existingDataDir } from './data-dir-arg.ts'
import { parseTimeArg } from './time-arg.ts'
import { cliLog } from './log.ts'
import { parseTradesCsv } from '../../shared/trades-csv.ts'
import { decimalArg, wholeArg } from './number-arg.ts'

export const costHelp = `Usage: gapwatch cost [--data-dir DIR] [--days N] [--to T] [--cores N --memory-gb N]
                    [--price-cpu-month X --price-gb-month Y | --price-cpu-hour X --price-gb-hour Y |
                     --catalog FILE [--instance NAME] | --workstation-price X [--amortise-months 36]
                     [--kwh-price 0.3] [--cpu-tdp-w 125] [--base-w 40]] [--currency USD] [--headroom 0.2]
                    [--percentile 99.5] [--target-utilisation 1] [--trades-per-day N | --trades-csv FILE]
                    [--json | --schema]

  Right-sizing over the last --days (default 14, 1–93) of history ending at --to (default now; ISO
  8601, epoch ms or a duration ago like 2d). Capacity defaults to this host's cores and memory; prices
  to Settings → Cost (OpenCost's $0.031611 per vCPU-hour and $0.004237 per GB-hour until set). A
  catalog is a JSON file shaped like the bundled, dated resources/cost-catalog.json; --trades-csv
  reads "date,count" lines. Memory in GB of 10^9 bytes, 730 hours a month.
  --json prints the report, --schema its JSON Schema.`

const NUMBER_FLAGS = {
  days: 'lookbackDays',
  cores: null,
  'memory-gb': null,
  'price-cpu-month': null,
  'price-gb-month': null,
  'price-cpu-hour': null,
  'price-gb-hour': null,
  headroom: 'headroom',
  percentile: 'percentile',
  'target-utilisation': 'targetUtilisation',
  'trades-per-day': null,
  'workstation-price': null,
  'amortise-months': null,
  'kwh-price': null,
  'cpu-tdp-w': null,
  'base-w': null,
} as const
type NumberFlag = keyof typeof NUMBER_FLAGS
/** Counts: a fraction, hex or an exponent is refused as "not a whole number" (their ranges are the schema's). */
const WHOLE_FLAGS = new Set<NumberFlag>(['days', 'amortise-months'])
/** The pricing fields' flags, to name them in an error. */
const PRICING_FLAGS: Record<string, string> = {
  cpuMonth: 'price-cpu-month',
  gbMonth: 'price-gb-month',
  cpuHour: 'price-cpu-hour',
  gbHour: 'price-gb-hour',
  hardwarePrice: 'workstation-price',
  amortiseMonths: 'amortise-months',
  kwhPrice: 'kwh-price',
  cpuTdpW: 'cpu-tdp-w',
  baseW: 'base-w',
  currency: 'currency',
  trades: 'trades-per-day',
  capacity: 'cores/--memory-gb',
}

export async function cost(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      to: { type: 'string' },
      catalog: { type: 'string' },
      instance: { type: 'string' },
      currency: { type: 'string' },
      'trades-csv': { type: 'string' },
      json: { type: 'boolean' },
      schema: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(Object.keys(NUMBER_FLAGS).map((k) => [k, { type: 'string' as const }])),
    },
  })
  if (values.help) return void console.log(costHelp)
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`)
  if (values.schema) return void console.log(JSON.stringify(z.toJSONSchema(CostReportSchema), null, 2))
  const num = (flag: NumberFlag): number | undefined => {
    const text = (values as Record<string, string | undefined>)[flag]
    if (text === undefined) return undefined
    return WHOLE_FLAGS.has(flag) ? wholeArg(flag, text) : decimalArg(flag, text)
  }
  const overrides = await overridesFrom(values, num)
  const to = values.to === undefined ? Date.now() : parseTimeArg('--to', values.to)
  const dataDir = existingDataDir(values['data-dir'])

  const [{ openHistory }, { SettingsStore }, { costInputOf }, { loadCostHistory, lookbackRange }, { analyseCost }] = await Promise.all([
    import('./history-store.ts'),
    import('../engine/store/settings-store.ts'),
    import('../engine/cost/service.ts'),
    import('../engine/cost/history.ts'),
    import('../engine/cost/analyse.ts'),
  ])
  const h = await openHistory(dataDir, { readOnly: true })
  try {
    const settings = new SettingsStore(h.db, (m) => cliLog.warn(m)).get().cost
    const host = { cores: os.cpus().length, memoryGb: Math.round((os.totalmem() / 1e9) * 100) / 100 }
    let input
    try {
      input = costInputOf(settings, overrides, host)
    } catch (err) {
      throw new UsageError((err as Error).message)
    }
    const history = loadCostHistory(h.metrics, h.db, lookbackRange(input.lookbackDays, to), input.capacity.memoryGb, to)
    const report = analyseCost(input, history)
    console.log(values.json ? JSON.stringify(report, null, 2) : summary(report))
  } finally {
    h.close()
  }
}

/** The flags as a what-if over the saved settings; a bad value names its flag. */
async function overridesFrom(values: Record<string, string | boolean | undefined>, num: (flag: NumberFlag) => number | undefined): Promise<CostParams> {
  const raw: Record<string, unknown> = {}
  for (const [flag, field] of Object.entries(NUMBER_FLAGS)) if (field !== null && num(flag as NumberFlag) !== undefined) raw[field] = num(flag as NumberFlag)
  const cores = num('cores')
  const memoryGb = num('memory-gb')
  if ((cores === undefined) !== (memoryGb === undefined)) throw new UsageError('--cores and --memory-gb go together: give both to analyse another machine.')
  if (cores !== undefined) raw.capacity = { cores, memoryGb }
  const currency = typeof values.currency === 'string' ? values.currency : undefined
  const perMonth = num('price-cpu-month') !== undefined || num('price-gb-month') !== undefined
  const perHour = num('price-cpu-hour') !== undefined || num('price-gb-hour') !== undefined
  const catalogFile = typeof values.catalog === 'string' ? values.catalog : undefined
  const workstationFlags = (['amortise-months', 'kwh-price', 'cpu-tdp-w', 'base-w'] as const).filter((f) => num(f) !== undefined)
  const workstation = num('workstation-price') !== undefined
  if (!workstation && workstationFlags.length > 0) throw new UsageError(`--${workstationFlags[0]} prices a workstation: give --workstation-price too.`)
  if ([perMonth, perHour, catalogFile !== undefined, workstation].filter(Boolean).length > 1)
    throw new UsageError('Choose one pricing: --price-cpu-month/--price-gb-month, --price-cpu-hour/--price-gb-hour, --catalog FILE, or --workstation-price.')
  let pricing: Pricing | undefined
  if (perMonth) {
    if (num('price-cpu-month') === undefined || num('price-gb-month') === undefined) throw new UsageError('--price-cpu-month and --price-gb-month go together.')
    pricing = { kind: 'per-month', cpuMonth: num('price-cpu-month')!, gbMonth: num('price-gb-month')!, currency: currency ?? 'USD' }
  } else if (perHour) {
    pricing = { kind: 'per-hour', cpuHour: num('price-cpu-hour') ?? 0.031611, gbHour: num('price-gb-hour') ?? 0.004237, currency: currency ?? 'USD' }
  } else if (workstation) {
    pricing = {
      kind: 'workstation',
      hardwarePrice: num('workstation-price')!,
      amortiseMonths: num('amortise-months') ?? 36,
      kwhPrice: num('kwh-price') ?? 0.3,
      cpuTdpW: num('cpu-tdp-w') ?? 125,
      baseW: num('base-w') ?? 40,
      currency: currency ?? 'USD',
    }
  } else if (catalogFile !== undefined) {
    const { loadCatalogFile, CatalogError } = await import('../engine/cost/catalog.ts')
    try {
      const catalog = loadCatalogFile(catalogFile)
      pricing = { kind: 'catalog', catalog, currentInstance: typeof values.instance === 'string' ? values.instance : null }
    } catch (err) {
      throw err instanceof CatalogError ? new UsageError(err.message) : err
    }
  }
  if (pricing) raw.pricing = pricing
  const perDay = num('trades-per-day')
  if (perDay !== undefined && values['trades-csv'] !== undefined) throw new UsageError('Give --trades-per-day or --trades-csv, not both.')
  if (perDay !== undefined) raw.trades = perDay
  if (typeof values['trades-csv'] === 'string') raw.trades = readTradesCsv(values['trades-csv'])
  const parsed = CostParamsSchema.safeParse(raw)
  if (!parsed.success) {
    const flagOf = (field: PropertyKey) => Object.entries(NUMBER_FLAGS).find(([, f]) => f === field)?.[0] ?? PRICING_FLAGS[String(field)] ?? String(field)
    throw new UsageError(parsed.error.issues.map((i) => `--${flagOf(i.path[0] === 'pricing' ? (i.path[1] ?? '') : (i.path[0] ?? ''))}: ${i.message}`).join('; '))
  }
  return parsed.data
}

/** "date,count" lines (an optional header), dates YYYY-MM-DD; a bad line is named with file and line. */
export function readTradesCsv(file: string): Array<{ date: string; count: number }> {
  let text: string
  try {
    // Only a regular file within the import limit: a FIFO hung here and /dev/zero grew to gigabytes.
    text = readImportFile(file).toString('utf8')
  } catch (err) {
    if (err instanceof FileReadError) throw new UsageError(err.message)
    throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`)
  }
  const r = parseTradesCsv(text)
  if (!r.ok) throw new UsageError(`${file}:${r.errors[0].line}: ${r.errors[0].message}`)
  return r.trades
}

const n2 = (v: number) => String(Number(v.toFixed(2)))
const statRow = (label: string, s: Stats) => `  ${label.padEnd(11)}${[s.avg, s.p50, s.p95, s.p99, s.p995, s.max].map((v) => n2(v).padStart(8)).join('')}`

/** The report for a terminal. */
export function summary(r: CostReport): string {
  const money = (v: number | null) => formatMoney(v, r.currency)
  const rec = r.recommended
  const col = (a: string, b: string, c: string) => `  ${a.padEnd(13)}${b.padEnd(18)}${c}`
  const lines = [
    `Cost over the last ${r.lookback.days} days: ${r.confidence.hours} h of history, confidence ${r.confidence.level}; ${r.pricing} pricing in ${r.currency}.`,
    '',
    col('', 'now', 'recommended'),
    col('cores', n2(r.current.cores), rec ? n2(rec.cores) : '—'),
    col('memory', `${n2(r.current.memoryGb)} GB`, rec ? `${n2(rec.memoryGb)} GB` : '—'),
  ]
  if (r.current.instance || rec?.instance) lines.push(col('instance', r.current.instance ?? '—', rec?.instance ?? '—'))
  lines.push(col('per month', money(r.current.monthlyCost), money(rec?.monthlyCost ?? null)))
  if (r.perTrade.current !== null) lines.push(col('per trade', money(r.perTrade.current), money(r.perTrade.recommended)))
  if (r.perMillionCandles.current !== null) lines.push(col('per M candles', money(r.perMillionCandles.current), money(r.perMillionCandles.recommended)))
  if (r.savings) lines.push('', `Savings: ${money(r.savings.monthly)} a month, ${money(r.savings.yearly)} a year (${r.savings.percent} %).`)
  if (r.confidence.hours > 0) {
    lines.push('', `  ${''.padEnd(11)}${['avg', 'p50', 'p95', 'p99', 'p99.5', 'max'].map((h) => h.padStart(8)).join('')}`)
    lines.push(statRow('cores', r.utilisation.cpuCores), statRow('memory GB', r.utilisation.memoryGb))
    if (r.utilisation.gpuPct) lines.push(statRow('GPU %', r.utilisation.gpuPct))
  }
  lines.push('', ...r.findings.map((f) => `- ${f}`))
  return lines.join('\n')
}
