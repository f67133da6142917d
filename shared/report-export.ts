// Saving a report from the desktop app's preview ("Export report…" in the Reports view): the
// renderer asks the main process over IPC (IPC_REPORT_SAVE) to write the previewed period as PDF
// (Electron's printToPDF) or JSON, where a save dialog says. Both sides validate with these schemas:
// the main process treats every argument as hostile, the renderer checks the reply.
import { z } from 'zod'
import { MAX_REPORT_SPAN_MS, ReportFileFormatSchema, STORED_REPORT_NAME } from './report.ts'
import { MAX_CANDLE_TIME_MS, MIN_CANDLE_TIME_MS } from './limits.ts'
import { HostNameSchema } from './hosts.ts'

/** The Reports view's location hash. */
export const REPORTS_HASH = '#reports'
/** The query parameter that opens the Reports view at its export. */
const EXPORT_PARAM = 'export'
/** The app's one report preview: the Reports view opened at "Export report…" (the header's link, the tray's item). */
export const REPORT_EXPORT_HASH = `${REPORTS_HASH}?${EXPORT_PARAM}`

/** Whether a location hash asks for the report preview: REPORT_EXPORT_HASH, also as `#/reports?…&export`. */
export function wantsReportExport(hash: string): boolean {
  const q = hash.indexOf('?')
  if (q < 0 || hash.slice(0, q).replace(/^#\//, '#') !== REPORTS_HASH) return false
  return new URLSearchParams(hash.slice(q + 1)).has(EXPORT_PARAM)
}

/** What a saved report can be: the page printed to PDF, or the model as JSON. */
export const ReportSaveFormatSchema = ReportFileFormatSchema
export const REPORT_SAVE_FORMATS = ReportSaveFormatSchema.options
export type ReportSaveFormat = z.infer<typeof ReportSaveFormatSchema>

const Time = z.number().int().min(MIN_CANDLE_TIME_MS).max(MAX_CANDLE_TIME_MS)

/**
 * The period previewed (epoch ms, as the preview's model states it), the format to save it in, and
 * the saved host whose engine the window shows (absent: this machine's), so the file saved is the
 * report previewed and not this machine's.
 */
export const ReportSaveParamsSchema = z
  .strictObject({ format: ReportSaveFormatSchema, from: Time, to: Time, host: HostNameSchema.optional() })
  .refine((p) => p.from < p.to, { message: 'must be before to', path: ['from'] })
  .refine((p) => p.to - p.from <= MAX_REPORT_SPAN_MS, { message: `a report covers at most ${MAX_REPORT_SPAN_MS / 86_400_000} days`, path: ['from'] })
export type ReportSaveParams = z.infer<typeof ReportSaveParamsSchema>

/** A saved report's first file name: its period, and the saved host's name when it is another engine's report. */
export function reportFileName(period: { from: string; to: string }, format: ReportSaveFormat, host?: string): string {
  const who = host ? `${host.replace(/[^A-Za-z0-9._-]/g, '_')}-` : ''
  return `gapwatch-report-${who}${period.from.slice(0, 10)}-${period.to.slice(0, 10)}.${format}`
}

/** The file written, or null when the save dialog was cancelled; an error says what failed. */
export const ReportSaveReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), path: z.string().nullable() }),
  z.object({ ok: z.literal(false), error: z.string() }),
])
export type ReportSaveReply = z.infer<typeof ReportSaveReplySchema>

/** A scheduled report's file in the reports folder, as the scheduler names it (and nothing else: no path). */
export const StoredReportFileSchema = z.string().regex(STORED_REPORT_NAME, { message: 'is not a report file (gapwatch-report-YYYYMMDDTHHMMSSZ.json or .pdf)' })

/** Opening a scheduled report's file with the system's viewer: null, or why it could not be opened. */
export const ReportOpenReplySchema = z.object({ error: z.string().nullable() })

/** What the desktop preload exposes as window.gapwatchDesktop (absent in a browser). */
export interface DesktopReports {
  /** Saves the report of the period; resolves to the file written, or null when cancelled. */
  saveReport(params: ReportSaveParams): Promise<string | null>
  /** Opens a scheduled report's file (its name in the reports folder) in the system's viewer. */
  openStoredReport(name: string): Promise<void>
}
