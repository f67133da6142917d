// The report page: reads the report model inlined in the page (#report-data), validates it against
// the shared zod model and renders it. It fetches nothing: the PDF, the HTML and the preview show the
// same JSON. window.__reportReady turns true once every chart is drawn (the PDF printer waits for it).
import { createRoot } from 'react-dom/client'
import { ReportReplySchema } from '../../../shared/report.ts'
import { ReportPage } from './ReportPage.tsx'
import { describeZodError } from '../../../shared/zod-error.ts'
import './report.css'

declare global {
  interface Window {
    __reportReady?: boolean
  }
}

const root = createRoot(document.getElementById('root')!)
const text = document.getElementById('report-data')?.textContent ?? ''
function parse(): ReturnType<typeof ReportReplySchema.safeParse> | null {
  try {
    return ReportReplySchema.safeParse(JSON.parse(text))
  } catch {
    return null
  }
}
const parsed = parse()
if (parsed?.success) {
  root.render(<ReportPage report={parsed.data} onReady={() => (window.__reportReady = true)} />)
} else {
  const why = parsed ? describeZodError(parsed.error) : 'the page holds no report data'
  root.render(<p className="report-error">This report cannot be shown: {why}.</p>)
  window.__reportReady = true
}
