// The export preview's period (renderer/src/views/reports/period.ts): presets end now, custom dates
// are UTC midnights as `gapwatch report --from/--to` reads them, a missing or reversed date is named;
// the download URL carries the previewed period's exact ends.
import { describe, expect, it } from 'vitest'
import { periodParams, reportUrl, utcDate } from '../../../renderer/src/views/reports/period.ts'

describe('export period', () => {
  it('presets and custom dates', () => {
    expect(periodParams('week', '', '')).toEqual({ params: { preset: 'week' } })
    expect(periodParams('custom', '2026-11-23', '2026-11-30')).toEqual({ params: { from: Date.UTC(2026, 10, 23), to: Date.UTC(2026, 10, 30) } })
  })

  it('names the date at fault', () => {
    expect(periodParams('custom', '', '2026-11-30')).toEqual({ error: 'From: pick a date.' })
    expect(periodParams('custom', '2026-11-23', '30/11/2026')).toEqual({ error: 'To: pick a date.' })
    expect(periodParams('custom', '2026-11-30', '2026-11-30')).toEqual({ error: 'From (2026-11-30) must be before To (2026-11-30).' })
  })

  it('the URL of the previewed period, and UTC dates', () => {
    expect(reportUrl({ from: '2026-11-23T00:00:00.000Z', to: '2026-11-30T12:30:00.000Z' }, 'pdf')).toBe(`/api/report?from=${Date.UTC(2026, 10, 23)}&to=${Date.UTC(2026, 10, 30, 12, 30)}&format=pdf`)
    expect(utcDate(Date.UTC(2026, 11, 2, 23, 59), 7)).toBe('2026-11-25')
  })
})
