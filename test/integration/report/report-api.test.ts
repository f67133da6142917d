// GET /api/report on `gapwatch serve`: the same model as the CLI for a seeded history, the HTML page
// with its own hash CSP, a PDF, and 400s naming the bad parameter.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, tempDir, type Served } from '../../helpers/serve.ts'
import { ensureReportBuilt } from './report-build.ts'
import { SECONDS, seedEvents, seedHistory, seedStart } from './seed.ts'
import type { Report } from '../../../shared/report.ts'

let served: Served
let t0: number

beforeAll(async () => {
  await ensureReportBuilt()
  const dir = tempDir('gw-report-api-')
  t0 = seedStart()
  await seedHistory(dir, t0)
  seedEvents(dir, t0)
  served = await startServe([], dir)
}, 120_000)
afterAll(async () => {
  await served?.stop()
})

describe('GET /api/report', () => {
  it('answers the report of a period as JSON, with times as epoch ms or ISO 8601', async () => {
    const to = t0 + SECONDS * 1000
    const byMs = (await (await fetch(`${served.url}/api/report?from=${t0}&to=${to}`)).json()) as Report
    expect(byMs.summary.cpu).toEqual({ avg: 49.5, p95: 94, max: 99 })
    expect(byMs.alerts.byRule.map((b) => [b.rule, b.timeInAlertMs])).toEqual([['mem_full', 600_000], ['cpu_high', 220_000]])
    expect(byMs.scanner.symbols.map((s) => s.symbol)).toEqual(['EURUSD', 'XAUUSD'])
    const res = await fetch(`${served.url}/api/report?from=${new Date(t0).toISOString()}&to=${new Date(to).toISOString()}&format=json`)
    expect(res.headers.get('content-type')).toBe('application/json')
    const byIso = (await res.json()) as Report
    // The same figures (the live engine's database grows meanwhile: the last finding names its size).
    expect({ ...byIso.summary, findings: byIso.summary.findings.slice(0, -1) }).toEqual({ ...byMs.summary, findings: byMs.summary.findings.slice(0, -1) })
    const day = (await (await fetch(`${served.url}/api/report?preset=day`)).json()) as Report
    expect(day.period.preset).toBe('day')
  })

  it('answers the self-contained page as HTML under its own CSP, and a PDF', async () => {
    const html = await fetch(`${served.url}/api/report?from=${t0}&to=${t0 + SECONDS * 1000}&format=html`)
    expect(html.status).toBe(200)
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(html.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'/)
    const body = await html.text()
    expect(body).toContain('<script type="application/json" id="report-data">')
    expect(body).not.toMatch(/<script[^>]+src=/)
    const pdf = await fetch(`${served.url}/api/report?preset=day&format=pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('serves the scheduled report files by name, nothing else', async () => {
    const name = 'gapwatch-report-20260401T160000Z.json'
    fs.mkdirSync(path.join(served.dataDir, 'reports'), { recursive: true })
    fs.writeFileSync(path.join(served.dataDir, 'reports', name), '{"schemaVersion":1}')
    const ok = await fetch(`${served.url}/api/reports/${name}`)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`)
    expect(await ok.text()).toBe('{"schemaVersion":1}')
    const missing = await fetch(`${served.url}/api/reports/gapwatch-report-20260402T160000Z.pdf`)
    expect(missing.status).toBe(404)
    for (const bad of ['%2e%2e%2fgapwatch.db', 'schedule-state.json', 'gapwatch-report-20260401T160000Z.json.bak']) {
      const res = await fetch(`${served.url}/api/reports/${bad}`)
      expect(res.status, bad).toBe(400)
      expect(((await res.json()) as { error: string }).error).toMatch(/^name: .* is not a report file/)
    }
  })

  it('refuses bad parameters with 400 naming the parameter', async () => {
    const cases: Array<[string, RegExp]> = [
      ['from=yesterday', /^from: "yesterday" is not epoch ms or an ISO 8601 time/],
      ['to=12abc', /^to: "12abc" is not epoch ms/],
      ['preset=year', /^preset: "year" is not day, week or month/],
      ['format=docx', /^format: "docx" is not json, html or pdf/],
      ['from=2000&to=1000', /^from: .*must be before to/],
      ['from=2000&preset=day', /^preset: give a preset or from\/to, not both/],
      ['from=0&to=99999999999', /^from: a report covers at most 366 days/],
      ['points=5', /^points: not a parameter of \/api\/report/],
    ]
    for (const [query, message] of cases) {
      const res = await fetch(`${served.url}/api/report?${query}`)
      expect(res.status, query).toBe(400)
      expect(((await res.json()) as { error: string }).error, query).toMatch(message)
    }
  })
})
