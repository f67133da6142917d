// Scheduled reports write the formats the schedule names: PDF only (nothing printed twice, no JSON
// file), JSON only (no PDF printed), both by default; a PDF-only run whose print fails raises the
// failure without claiming a JSON was written; an empty or repeated list is refused by the schema.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../helpers/temp.ts'
import { ReportScheduler } from '../../../../electron/engine/report/schedule.ts'
import { ReportScheduleSchema, type Report, type ReportFileFormat } from '../../../../shared/report.ts'
import { describeZodError } from '../../../../shared/zod-error.ts'

const at = Date.parse('2026-04-01T16:00:00Z')

function scheduler(formats: ReportFileFormat[], print: () => Promise<Uint8Array> = async () => new TextEncoder().encode('%PDF-fake')) {
  const dir = tempDir('gw-sched-formats-')
  const failures: string[] = []
  let printed = 0
  const schedule = ReportScheduleSchema.parse({ enabled: true, formats })
  const s = new ReportScheduler({
    dir,
    schedule: () => schedule,
    build: () => ({ generatedAt: new Date(at).toISOString() }) as unknown as Report,
    print: () => (printed++, print()),
    onFailure: (m) => failures.push(m),
  })
  return { s, dir, failures, printed: () => printed }
}

describe('scheduled report formats', () => {
  it('defaults to PDF and JSON', () => {
    expect(ReportScheduleSchema.parse({}).formats).toEqual(['pdf', 'json'])
  })

  it('PDF only: prints, writes no JSON', async () => {
    const f = scheduler(['pdf'])
    const stored = await f.s.run(at)
    expect(stored).toMatchObject({ pdf: 'gapwatch-report-20260401T160000Z.pdf', json: null })
    expect(fs.readdirSync(f.dir).filter((n) => n.startsWith('gapwatch-report'))).toEqual(['gapwatch-report-20260401T160000Z.pdf'])
    expect(f.printed()).toBe(1)
  })

  it('JSON only: prints nothing', async () => {
    const f = scheduler(['json'])
    expect(await f.s.run(at)).toMatchObject({ json: 'gapwatch-report-20260401T160000Z.json', pdf: null })
    expect(f.printed()).toBe(0)
    expect(f.failures).toEqual([])
  })

  it('PDF only and the print fails: an alert, which does not claim a JSON', async () => {
    const f = scheduler(['pdf'], async () => Promise.reject(new Error('no printer')))
    await f.s.run(at)
    expect(f.failures).toEqual(['The scheduled report of 2026-04-01T16:00:00.000Z has no PDF: no printer'])
  })

  it('refuses no format, or one named twice, naming the field', () => {
    const none = ReportScheduleSchema.safeParse({ formats: [] })
    expect(none.success || describeZodError(none.error)).toBe('formats: pick at least one of PDF and JSON')
    const twice = ReportScheduleSchema.safeParse({ formats: ['pdf', 'pdf'] })
    expect(twice.success || describeZodError(twice.error)).toBe('formats: names a format twice')
    expect(ReportScheduleSchema.safeParse({ formats: ['html'] }).success).toBe(false)
  })
})
