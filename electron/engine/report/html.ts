// One self-contained HTML file of a report: the built report page (out/report, `npm run build`) with
// its script, styles and the report's JSON inlined, and a CSP that allows exactly those (by hash).
import type { Stats } from 'node:fs'
import { crypto, fs } from '../builtins.ts'
import { fileURLToPath } from 'node:url'
import type { Report } from '../../../shared/report.ts'

export const REPORT_PAGE_DIR = fileURLToPath(new URL('../../../out/report/', import.meta.url))

/** The report page is not built (a source checkout before `npm run build`). */
export class ReportPageMissingError extends Error {
  override name = 'ReportPageMissingError'
}

interface Page {
  script: string
  style: string
}
let cached: { dir: string; mtimeMs: number; page: Page } | null = null

function loadPage(dir: string): Page {
  const index = `${dir}/report.html`
  let stat: Stats
  try {
    stat = fs.statSync(index)
  } catch {
    throw new ReportPageMissingError(`The report page is not built (${index} is missing): run "npm run build".`)
  }
  if (cached && cached.dir === dir && cached.mtimeMs === stat.mtimeMs) return cached.page
  const html = fs.readFileSync(index, 'utf8')
  const asset = (re: RegExp, what: string) => {
    const m = re.exec(html)
    if (!m) throw new ReportPageMissingError(`${index} has no ${what}: rebuild it with "npm run build".`)
    return fs.readFileSync(`${dir}/${m[1]}`, 'utf8')
  }
  const page = { script: asset(/<script[^>]*src="\.?\/?([^"]+\.js)"[^>]*><\/script>/, 'script'), style: asset(/<link[^>]*href="\.?\/?([^"]+\.css)"[^>]*>/, 'stylesheet') }
  cached = { dir, mtimeMs: stat.mtimeMs, page }
  return page
}

const sha256 = (text: string) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`
/** JSON safe inside a script element: no "</script>" or "<!--" can end or bend it. */
const safeJson = (model: Report) => JSON.stringify(model).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/** The whole report page in one file, for `--format html`, `/api/report?format=html` and printing. */
export function reportHtml(model: Report, dir = REPORT_PAGE_DIR): string {
  const page = loadPage(dir)
  // Nothing in the bundle may close its script element early ("<\/script" means the same in JS).
  const script = page.script.replace(/<\/(script)/gi, '<\\/$1')
  const style = page.style.replace(/<\/(style)/gi, '<\\/$1')
  const csp = `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(style)}; img-src data:; base-uri 'none'; form-action 'none'`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="UTF-8" />
<meta http-equiv="Content-Security-Policy" content="${csp}" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<meta name="color-scheme" content="light" />
<title>${escapeHtml(`Gapwatch report — ${model.host.hostname} — ${model.period.from.slice(0, 10)} to ${model.period.to.slice(0, 10)}`)}</title>
<style>${style}</style>
</head>
<body>
<div id="root"></div>
<script type="application/json" id="report-data">${safeJson(model)}</script>
<script type="module">${script}</script>
</body>
</html>
`
}

/** The CSP of a report page, for a server that sends its own header with it. */
export function reportCsp(html: string): string {
  return /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]
}
