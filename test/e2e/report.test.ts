// The report rendered: the self-contained HTML opened offline in Chromium draws every chart with no
// console error and no request; the PDF printed from it holds every section heading and the JSON's
// key figures (text extracted with pdfjs-dist); without a Chromium, --format pdf exits 2 saying how
// to install one while json and html still work.
import fs from 'node:fs'
import path from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from './setup.ts'
import { runToEnd, tempDir } from '../helpers/serve.ts'
import { ensureReportBuilt } from '../integration/report/report-build.ts'
import { GROUP_MEMORY, PSS_FROM_SECOND, SECONDS, seedEvents, seedHistory, seedStart, type SeedPss } from '../integration/report/seed.ts'
import { REPORT_SECTIONS, type Report } from '../../shared/report.ts'
import { reportHtml } from '../../electron/engine/report/html.ts'
import { printPdf } from '../../electron/engine/report/pdf.ts'
import { formatBytes, formatDuration, formatPercent, formatRate, formatUtcMinute } from '../../shared/format.ts'

const iso = (t: number) => new Date(t).toISOString()
let dir: string
let period: string[]
let model: Report

beforeAll(async () => {
  await ensureReportBuilt()
  dir = tempDir('gw-report-e2e-')
  const t0 = seedStart()
  await seedHistory(dir, t0)
  seedEvents(dir, t0)
  period = ['--data-dir', dir, '--from', iso(t0), '--to', iso(t0 + SECONDS * 1000)]
  const r = await runToEnd(['report', ...period, '--format', 'json'])
  expect(r.code).toBe(0)
  model = JSON.parse(r.stdout) as Report
})

async function pdfText(file: string): Promise<{ pages: number; text: string }> {
  const task = getDocument({ data: new Uint8Array(fs.readFileSync(file)), useSystemFonts: false })
  const doc = await task.promise
  let text = ''
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    text += content.items.map((it) => ('str' in it ? it.str : '')).join('')
  }
  const pages = doc.numPages
  await task.destroy()
  return { pages, text }
}
/** The bit of a canvas element the test reads (the test runs without the DOM types). */
interface Canvas {
  width: number
  height: number
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } }
}
/** Text compared without white space: pdfjs splits and joins runs of text as the PDF placed them. */
const squash = (s: string) => s.replace(/\s+/g, '')

describe('the report page', () => {
  it('the HTML export opens offline in Chromium and draws its charts with no console errors', async () => {
    const out = path.join(dir, 'report.html')
    const r = await runToEnd(['report', ...period, '--format', 'html', '--out', out])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } })
      const problems: string[] = []
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
      page.on('pageerror', (e) => problems.push(e.message))
      page.on('request', (req) => !req.url().startsWith('file:') && problems.push(`request ${req.url()}`))
      await page.goto(`file://${out}`)
      await page.waitForFunction('window.__reportReady === true')
      for (const [, title] of REPORT_SECTIONS) await expect(page.getByRole('heading', { level: 2, name: title, exact: true }).count()).resolves.toBe(1)
      // Every resource with data has a chart, and every chart has ink on it (not only axes).
      const charted = model.utilisation.filter((u) => u.points.length > 0).map((u) => u.metric)
      expect(charted.length).toBe(6)
      for (const metric of charted) {
        const inked = await page.getByTestId(`report-chart-${metric}`).evaluate((el) => {
          const c = el as unknown as Canvas
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
          let blue = 0
          for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 150 && d[i] < 120) blue++
          return blue
        })
        expect(inked, metric).toBeGreaterThan(100)
      }
      await screenshot(page, 'report-html')
      expect(problems).toEqual([])
    } finally {
      await browser.close()
    }
  })

  it('the PDF holds every section heading and the JSON key figures; under 2 MB', async () => {
    const out = path.join(dir, 'report.pdf')
    const r = await runToEnd(['report', ...period, '--format', 'pdf', '--out', out])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(fs.statSync(out).size).toBeLessThan(2 * 1024 * 1024)
    const { pages, text } = await pdfText(out)
    // A page per section, numbered.
    expect(pages).toBeGreaterThanOrEqual(REPORT_SECTIONS.length)
    const flat = squash(text)
    expect(flat).toContain(squash(`Page 1 of ${pages}`))
    for (const [, title] of REPORT_SECTIONS) expect(flat).toContain(squash(title))
    const s = model.summary
    const figures = [
      formatPercent(s.cpu.avg),
      formatPercent(s.cpu.p95),
      formatPercent(s.cpu.max),
      formatPercent(s.memoryPeakPct),
      formatBytes(s.memoryPeakBytes),
      formatRate(s.diskWritePeakBps),
      ...s.findings,
      ...model.cost!.findings,
      ...model.alerts.byRule.flatMap((b) => [b.rule, formatDuration(b.timeInAlertMs)]),
      ...model.scanner.symbols.map((x) => x.symbol),
      ...model.processes.byCpu.map((g) => formatPercent(g.cpu.avg)),
      // The groups' memory as PSS, the summed RSS beside it (the seed records both).
      'Top groups by PSS',
      model.processes.memory.note,
      ...model.processes.byMemory.flatMap((g) => [formatBytes(g.pssBytes.avg), formatBytes(g.pssBytes.max), formatBytes(g.rssBytes.avg)]),
      formatBytes(model.engine.rssBytes.avg),
      formatBytes(model.engine.databaseBytes),
    ]
    for (const f of figures) expect(flat, f).toContain(squash(f))
  })

  it('the PDF of a period without group PSS ranks by RSS and says so; one PSS began in says from when', async () => {
    const groupsPage = async (pss: SeedPss) => {
      const d = tempDir(`gw-report-e2e-${pss}-`)
      const t0 = seedStart()
      await seedHistory(d, t0, pss)
      const args = ['--data-dir', d, '--from', iso(t0), '--to', iso(t0 + SECONDS * 1000)]
      const json = await runToEnd(['report', ...args, '--format', 'json'])
      const out = path.join(d, 'report.pdf')
      const pdf = await runToEnd(['report', ...args, '--format', 'pdf', '--out', out])
      expect([pdf.code, pdf.stderr]).toEqual([0, ''])
      const flat = squash((await pdfText(out)).text)
      return { r: JSON.parse(json.stdout) as Report, flat, t0 }
    }
    const none = await groupsPage('none')
    expect(none.flat).toContain(squash('Top groups by RSS'))
    expect(none.flat).not.toContain(squash('Top groups by PSS'))
    expect(none.flat).toContain(squash(none.r.processes.memory.note))
    expect(none.flat).toContain(squash(`No group PSS was recorded in this period`))
    // Ranked by the summed RSS: the browser's 4 GB before the trader's 2 GB.
    const byRss = none.flat.slice(none.flat.lastIndexOf(squash('Top groups by RSS')))
    expect(byRss.indexOf('browser')).toBeLessThan(byRss.indexOf('trader'))
    expect(byRss).toContain(squash(formatBytes(GROUP_MEMORY.browser.rss)))

    const late = await groupsPage('late')
    expect(late.flat).toContain(squash(late.r.processes.memory.note))
    expect(late.flat).toContain(squash(`Group PSS was not recorded before ${formatUtcMinute(iso(late.t0 + PSS_FROM_SECOND * 1000))}`))
    // By PSS: the trader's 1.5 GB, the browser's 0.5 GB, then legacy, which has only RSS (9 GB).
    const byPss = late.flat.slice(late.flat.lastIndexOf(squash('Top groups by PSS')))
    const at = ['trader', 'browser', 'legacy'].map((g) => byPss.indexOf(g))
    expect(at[0]).toBeGreaterThanOrEqual(0)
    expect(at[1]).toBeGreaterThan(at[0])
    expect(at[2]).toBeGreaterThan(at[1])
    expect(byPss).toContain(squash(formatBytes(GROUP_MEMORY.trader.pss)))
  })

  it("prints an older engine's v1 report (the desktop prints a remote engine's model as it came): ranked by RSS, saying why", async () => {
    // The fixture is a v1 engine's JSON, not a Report of today's type: the page takes it as the relay gave it.
    const v1 = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/report-v1.json'), 'utf8')) as Report
    const out = path.join(dir, 'v1.pdf')
    fs.writeFileSync(out, await printPdf(reportHtml(v1)))
    const flat = squash((await pdfText(out)).text)
    expect(flat).not.toContain(squash('cannot be shown'))
    expect(flat).toContain(squash('Top groups by RSS'))
    expect(flat).toContain(squash('This report comes from an older Gapwatch engine (report schema v1), which reports no group PSS'))
  })

  it('without a Chromium, --format pdf exits 2 naming how to install one; json and html still work', async () => {
    const noChromium = { PATH: path.dirname(process.execPath) }
    const pdf = await runToEnd(['report', ...period, '--format', 'pdf', '--out', path.join(dir, 'x.pdf')], noChromium)
    expect(pdf.code).toBe(2)
    expect(pdf.stderr).toMatch(/needs a local Chromium.*apt-get install chromium.*--chromium PATH/)
    expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false)
    const bad = await runToEnd(['report', ...period, '--format', 'pdf', '--out', path.join(dir, 'x.pdf'), '--chromium', path.join(dir, 'nope')])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--chromium: .*nope is not an executable file/)
    for (const format of ['json', 'html']) {
      const ok = await runToEnd(['report', ...period, '--format', format], noChromium)
      expect(ok.code, format).toBe(0)
      expect(ok.stdout.length).toBeGreaterThan(1000)
    }
  })
})
