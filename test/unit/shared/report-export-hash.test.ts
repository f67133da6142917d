// The hash that opens the Reports view at its export is declared once (shared/report-export.ts):
// the header's link and the tray write REPORT_EXPORT_HASH, the Reports view reads it back.
import { describe, expect, it } from 'vitest'
import { REPORT_EXPORT_HASH, REPORTS_HASH, wantsReportExport } from '../../../shared/report-export.ts'

describe('wantsReportExport', () => {
  it('knows the hash the link and the tray write, also with a slash or other parameters', () => {
    expect(wantsReportExport(REPORT_EXPORT_HASH)).toBe(true)
    expect(wantsReportExport('#/reports?export')).toBe(true)
    expect(wantsReportExport('#reports?from=1&export=1')).toBe(true)
  })

  it('is false for the plain view, another view, or another parameter', () => {
    expect(wantsReportExport(REPORTS_HASH)).toBe(false)
    expect(wantsReportExport('#history?export')).toBe(false)
    expect(wantsReportExport('#reports?exported')).toBe(false)
    expect(wantsReportExport('#reportsx?export')).toBe(false)
    expect(wantsReportExport('')).toBe(false)
  })
})
