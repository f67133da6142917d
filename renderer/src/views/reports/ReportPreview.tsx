// The report page inside the dashboard: the same ReportPage component and report.css that the HTML,
// the PDF and `gapwatch report` use, drawn in a shadow root so the report's paper styles (light,
// print sizes) and the dashboard's (dark, compact) never meet. The stylesheet is adopted through the
// CSSOM (constructable stylesheet), which the dashboard's CSP allows like every style chart.js sets.
import { useLayoutEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import type { Report } from '../../../../shared/report.ts'
import { ReportPage } from '../../report/ReportPage.tsx'
import reportCss from '../../report/report.css?inline'
import { shadowCss } from './shadow-css.ts'


let sheet: CSSStyleSheet | null = null
function reportSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet()
    sheet.replaceSync(shadowCss(reportCss))
  }
  return sheet
}

const noop = () => {}

export function ReportPreview({ report }: { report: Report }) {
  const host = useRef<HTMLDivElement>(null)
  const [mount, setMount] = useState<HTMLElement | null>(null)
  useLayoutEffect(() => {
    const el = host.current!
    const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' })
    root.adoptedStyleSheets = [reportSheet()]
    let div = root.querySelector<HTMLElement>('div.report-mount')
    if (!div) {
      div = document.createElement('div')
      div.className = 'report-mount'
      root.append(div)
    }
    setMount(div)
  }, [])
  return (
    <div ref={host} className="report-paper" data-testid="report-preview">
      {mount && createPortal(<ReportPage report={report} onReady={noop} />, mount)}
    </div>
  )
}
