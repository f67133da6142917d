// The preview's copy of the report page's stylesheet (renderer/src/views/reports/shadow-css.ts): the
// real report.css with its document selectors aimed at the shadow host, nothing else changed.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { shadowCss } from '../../../renderer/src/views/reports/shadow-css.ts'

const css = fs.readFileSync(path.resolve(import.meta.dirname, '../../../renderer/src/report/report.css'), 'utf8')

describe('report stylesheet in the preview', () => {
  it('aims :root, html and body at the host and keeps every other rule', () => {
    const out = shadowCss(css)
    expect(out).not.toMatch(/:root|\bhtml\b|(^|[\s,}])body\s*\{/)
    expect(out).toContain(':host {\n  color-scheme: light;')
    expect(out).toContain(':host { margin: 0; background: #fff; color: var(--ink); }')
    expect(out).toContain(':host { font: 11pt/1.4')
    // The other selectors are the page's own: tables (tbody included), sections, print rules.
    expect(out.replace(/:host/g, '')).toBe(` { display: block; }\n${css.replace(/:root|html, body|(?<=^|\n)body/g, '')}`)
  })
})
