// The schedule form's checks (renderer/src/views/reports/schedule-draft.ts): the settings' own schema
// decides, each error names its field and value; the next runs are croner's, printed in the zone,
// across a DST change.
import { describe, expect, it } from 'vitest'
import { checkDraft, draftOf, nextRuns } from '../../../renderer/src/views/reports/schedule-draft.ts'
import { defaultReportSchedule, ReportScheduleSchema } from '../../../shared/report.ts'

const draft = draftOf(defaultReportSchedule)

describe('schedule draft', () => {
  it('a good draft is the schedule the settings would store', () => {
    const r = checkDraft({ ...draft, enabled: true, cron: '30 8 * * 1', tz: 'America/New_York', keep: ' 12 ', formats: ['json'] })
    expect(r).toEqual({ schedule: ReportScheduleSchema.parse({ enabled: true, cron: '30 8 * * 1', tz: 'America/New_York', keep: 12, formats: ['json'] }) })
  })

  it('names each bad field with its value', () => {
    const r = checkDraft({ ...draft, cron: '* * * * *', tz: 'Mars/Olympus', keep: '2.5', formats: [] })
    expect(r).toEqual({
      errors: {
        cron: 'Cron "* * * * *": runs more often than hourly: each run prints a PDF (e.g. "0 * * * *" is hourly).',
        tz: 'Time zone "Mars/Olympus": is not an IANA time zone (e.g. Europe/London).',
        keep: 'Keep "2.5": must be a whole number from 1 to 1000.',
        formats: 'Formats: pick at least one of PDF and JSON.',
      },
    })
    expect(checkDraft({ ...draft, keep: '1001' })).toEqual({ errors: { keep: 'Keep "1001": must be a whole number from 1 to 1000.' } })
    expect(checkDraft({ ...draft, cron: 'every day' })).toMatchObject({ errors: { cron: expect.stringMatching(/^Cron "every day": is not a cron expression/) } })
  })

  it('the next runs in the zone, across the clocks going forward', () => {
    // Friday 27 March 2026 12:00 UTC: London goes to BST on Sunday the 29th.
    expect(nextRuns('0 17 * * 1-5', 'Europe/London', Date.parse('2026-03-27T12:00:00Z'))).toEqual([
      'Fri 2026-03-27 17:00 GMT',
      'Mon 2026-03-30 17:00 BST',
      'Tue 2026-03-31 17:00 BST',
    ])
    expect(nextRuns('0 9 * * *', 'Asia/Tokyo', Date.parse('2026-03-27T12:00:00Z'), 2)).toEqual(['Sat 2026-03-28 09:00 GMT+9', 'Sun 2026-03-29 09:00 GMT+9'])
  })

  it('no runs for a bad cron or zone', () => {
    expect(nextRuns('0 17 * *', 'UTC', 0)).toEqual([])
    expect(nextRuns('0 17 * * *', 'Nowhere/Else', 0)).toEqual([])
  })
})
