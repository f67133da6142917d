// `gapwatch report`: the report of a period as JSON, one self-contained HTML file, or a PDF printed
// from that page by a local Chromium. `--schema` prints the JSON Schema of the JSON.
import { fs, parseArgs } from '../engine/builtins.ts'
import path from 'node:path'
import { ReportFormatSchema, ReportPresetSchema, reportJsonSchema, type Report } from '../../shared/report.ts'
import { UsageError } from './common.ts'
import { dataDirWithHistory } from './data-dir-arg.ts'
import { checkOutFile, checkOutIsNoDataFile } from './out-not-input.ts'
import type { Period } from '../engine/report/period.ts'
import { parseTimeArg } from './time-arg.ts'
import { cliLog } from './log.ts'

export const reportHelp = `Usage: gapwatch report [--data-dir DIR] [--from T --to T | --preset day|week|month]
                      [--format json|html|pdf] [--out FILE] [--chromium PATH] [--paper a4|letter]
       gapwatch report --schema

  The report of a period (default: the last 24 h): summary, utilisation, alerts, the FVG scanner,
  process groups, cost and Gapwatch's own cost.
  --format json   the report model (default; validates against "gapwatch report --schema")
  --format html   one self-contained page (script, styles and data inline) that opens offline
  --format pdf    that page printed by a local Chromium (on PATH, or --chromium PATH); needs --out
  --paper         the PDF's paper size: a4 (default) or letter
  --out FILE      where to write it (default: standard output, for json and html)
  T: ISO 8601, epoch ms, "now", or a duration ago (7d).`

export async function report(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      preset: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      chromium: { type: 'string' },
      paper: { type: 'string' },
      schema: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return void console.log(reportHelp)
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`)
  if (values.out !== undefined) checkOutFile(values.out)
  if (values.schema) return void write(values.out, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`)
  const format = ReportFormatSchema.safeParse(values.format ?? 'json')
  if (!format.success) throw new UsageError(`--format: "${values.format}" is not json, html or pdf.`)
  const preset = values.preset === undefined ? undefined : ReportPresetSchema.safeParse(values.preset)
  if (preset && !preset.success) throw new UsageError(`--preset: "${values.preset}" is not day, week or month.`)
  if (format.data === 'pdf' && !values.out) throw new UsageError('--format pdf needs --out FILE.')
  const paper = values.paper ?? 'a4'
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(`--paper: "${paper}" is not a4 or letter.`)
  const now = Date.now()
  const { resolvePeriod, PeriodError } = await import('../engine/report/index.ts')
  let period
  try {
    period = resolvePeriod(
      {
        from: values.from === undefined ? undefined : parseTimeArg('--from', values.from, now),
        to: values.to === undefined ? undefined : parseTimeArg('--to', values.to, now),
        preset: preset?.data,
      },
      now,
    )
  } catch (err) {
    if (err instanceof PeriodError) throw new UsageError(`--${err.param}: ${err.message}`)
    throw err
  }
  const dataDir = dataDirWithHistory(values['data-dir'])
  if (values.out !== undefined) checkOutIsNoDataFile(values.out, dataDir)
  const model = await reportOfDataDir(dataDir, period, now)
  if (format.data === 'json') return void write(values.out, `${JSON.stringify(model, null, 2)}\n`)
  const { reportHtml } = await import('../engine/report/html.ts')
  let html: string
  try {
    html = reportHtml(model)
  } catch (err) {
    if ((err as Error).name === 'ReportPageMissingError') throw new UsageError((err as Error).message)
    throw err
  }
  if (format.data === 'html') return void write(values.out, html)
  const { printPdf, ChromiumMissingError } = await import('../engine/report/pdf.ts')
  try {
    write(values.out, await printPdf(html, { chromium: values.chromium, paper }))
  } catch (err) {
    // No Chromium is the caller's to fix, like a bad option: exit 2, JSON and HTML still work.
    if (err instanceof ChromiumMissingError) throw new UsageError(err.message)
    throw err
  }
}

async function reportOfDataDir(dataDir: string, period: Period, now: number): Promise<Report> {
  const { openHistory } = await import('./history-store.ts')
  const { ZoneStore, SettingsStore, databaseSize } = await import('../engine/store/index.ts')
  const { buildReport, costOfPeriod, thisHost } = await import('../engine/report/index.ts')
  // while the app runs: read-only, without the open hour (GET /api/report on the engine has it)
  const h = await openHistory(dataDir, { readOnly: true })
  try {
    const zones = new ZoneStore(h.db)
    const settings = new SettingsStore(h.db, (m) => cliLog.warn(m)).get().cost
    const host = thisHost()
    const cost = (from: number, to: number) => costOfPeriod({ metrics: h.metrics, db: h.db, settings, host }, from, to, now)
    return buildReport(
      { metrics: h.metrics, db: h.db, databaseBytes: databaseSize(path.join(dataDir, 'gapwatch.db')), scans: () => zones.scans(), host, now, cost },
      period,
    )
  } finally {
    h.close()
  }
}

function write(out: string | undefined, data: string | Uint8Array): void {
  if (out === undefined) process.stdout.write(data)
  else fs.writeFileSync(out, data)
}
