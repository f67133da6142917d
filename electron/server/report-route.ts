// GET /api/report?from=&to=&preset=&format=json|html|pdf: the engine's report of a period. Times are
// epoch ms or ISO 8601; a bad parameter is a 400 naming it. One PDF is printed at a time (a Chromium
// each), a second request meanwhile gets 429 with Retry-After.
import { fs } from '../engine/builtins.ts'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import type { Engine } from '../engine/engine.ts'
import { ReportFormatSchema, ReportPresetSchema, STORED_REPORT_NAME, type Report, type ReportParams } from '../../shared/report.ts'
import { send } from './reply.ts'
import { parseIsoTime } from '../../shared/iso-time.ts'

const EPOCH_MS = /^\d{1,15}$/
const ISO = /^\d{4}-\d\d-\d\d(T[\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/

/** A from/to parameter: epoch ms or ISO 8601 (an impossible date refused as such), else the 400 message. */
export function reportTimeParam(name: string, v: string): number | string {
  if (EPOCH_MS.test(v)) return Number(v)
  const iso = ISO.test(v) ? parseIsoTime(v) : null
  if (iso?.ok) return iso.t
  const shown = v.slice(0, 40)
  return iso?.kind === 'not-a-date' ? `${name}: "${shown}" ${iso.reason}.` : `${name}: "${shown}" is not epoch ms or an ISO 8601 time.`
}

let printing = false

export async function reportRoute(engine: Engine, url: URL, res: ServerResponse): Promise<void> {
  const q = url.searchParams
  const known = new Set(['from', 'to', 'preset', 'format'])
  const unknown = [...q.keys()].find((k) => !known.has(k))
  if (unknown !== undefined) return send(res, 400, { error: `${unknown.slice(0, 40)}: not a parameter of /api/report (from, to, preset, format).` })
  const params: ReportParams = {}
  for (const name of ['from', 'to'] as const) {
    const v = q.get(name)
    if (v === null || v === '') continue
    const t = reportTimeParam(name, v)
    if (typeof t === 'string') return send(res, 400, { error: t })
    params[name] = t
  }
  const preset = q.get('preset')
  if (preset !== null && preset !== '') {
    const p = ReportPresetSchema.safeParse(preset)
    if (!p.success) return send(res, 400, { error: `preset: "${preset.slice(0, 40)}" is not day, week or month.` })
    params.preset = p.data
  }
  const format = ReportFormatSchema.safeParse(q.get('format') ?? 'json')
  if (!format.success) return send(res, 400, { error: `format: "${(q.get('format') ?? '').slice(0, 40)}" is not json, html or pdf.` })
  let model: Report
  try {
    model = (await engine.call('report', params)) as Report
  } catch (err) {
    return send(res, 400, { error: (err as Error).message })
  }
  if (format.data === 'json') return send(res, 200, model)
  const { reportHtml, reportCsp } = await import('../engine/report/html.ts')
  let html: string
  try {
    html = reportHtml(model)
  } catch (err) {
    return send(res, 503, { error: (err as Error).message })
  }
  const name = `gapwatch-report-${model.period.from.slice(0, 10)}-${model.period.to.slice(0, 10)}`
  if (format.data === 'html') {
    // The page's own CSP (its inline script and styles by hash) replaces the dashboard's.
    res.setHeader('content-security-policy', reportCsp(html))
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': `inline; filename="${name}.html"` })
    res.end(html)
    return
  }
  if (printing) return send(res, 429, { error: 'format: a PDF report is being printed; retry in a few seconds.' }, { 'retry-after': '5' })
  printing = true
  try {
    const { printPdf, ChromiumMissingError } = await import('../engine/report/pdf.ts')
    let pdf: Uint8Array
    try {
      pdf = await printPdf(html)
    } catch (err) {
      return send(res, err instanceof ChromiumMissingError ? 503 : 500, { error: (err as Error).message })
    }
    res.writeHead(200, { 'content-type': 'application/pdf', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${name}.pdf"` })
    res.end(pdf)
  } finally {
    printing = false
  }
}

/** GET /api/reports/NAME: one scheduled report file of the data directory's reports folder. */
export function storedReportRoute(engine: Engine, name: string, res: ServerResponse): void {
  if (!STORED_REPORT_NAME.test(name)) return send(res, 400, { error: `name: "${name.slice(0, 60)}" is not a report file (gapwatch-report-YYYYMMDDTHHMMSSZ.json or .pdf).` })
  let data: Buffer
  try {
    data = fs.readFileSync(path.join(engine.dataDir, 'reports', name))
  } catch {
    return send(res, 404, { error: `name: no report ${name}.` })
  }
  const pdf = name.endsWith('.pdf')
  res.writeHead(200, { 'content-type': pdf ? 'application/pdf' : 'application/json', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${name}"` })
  res.end(data)
}
