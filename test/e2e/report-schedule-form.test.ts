// The Reports view's schedule form in Chromium against `gapwatch serve`: a bad cron and a bad time
// zone are refused as typed, each message naming its field and value; the next three runs show in
// the zone; saving applies the schedule through the settings (read back after a reload)
// (screenshots report-schedule-error, report-schedule).
import { describe, expect, it } from 'vitest'
import { openDashboard, screenshot } from './setup.ts'
import { Cron } from 'croner'

const dash = openDashboard('#reports', [])

/** e2e waits: a busy machine (load 10+) needs more than the default 15 s. */
const WAIT = { timeout: 30_000 }

describe('report schedule form', () => {
  it('names the bad field, shows the next runs in the zone and saves through the settings', async () => {
    const form = dash.page.getByTestId('schedule-form')
    await expect.poll(() => form.count(), WAIT).toBe(1)
    const cron = form.getByLabel('Cron (min hour day month weekday)')
    const tz = form.getByLabel('Time zone (IANA)')
    const alerts = form.getByRole('alert')
    await cron.fill('0 17 * *')
    await tz.fill('Europe/Londn')
    await expect.poll(() => alerts.allTextContents(), WAIT).toEqual([
      'Cron "0 17 * *": is not a cron expression (e.g. "0 17 * * 1-5": weekdays at 17:00).',
      'Time zone "Europe/Londn": is not an IANA time zone (e.g. Europe/London).',
    ])
    expect(await form.getByTestId('next-runs').count()).toBe(0)
    await form.getByLabel('Keep the newest').fill('0')
    await expect.poll(() => alerts.allTextContents(), WAIT).toContain('Keep "0": must be a whole number from 1 to 1000.')
    await form.getByRole('checkbox', { name: 'PDF' }).uncheck()
    await form.getByRole('checkbox', { name: 'JSON' }).uncheck()
    await expect.poll(() => alerts.allTextContents(), WAIT).toContain('Formats: pick at least one of PDF and JSON.')
    await form.getByTestId('save-schedule').click()
    await expect.poll(() => form.getByRole('status').textContent(), WAIT).toBe('Fix the fields marked in red first.')
    await screenshot(dash.page, 'report-schedule-error')

    await cron.fill('0 17 * * 1-5')
    await tz.fill('Europe/London')
    await form.getByLabel('Keep the newest').fill('5')
    await form.getByRole('checkbox', { name: 'PDF' }).check()
    await form.getByLabel('Scheduled reports').check()
    await expect.poll(() => alerts.count(), WAIT).toBe(0)
    // The next three runs, as croner fires them, at 17:00 London time (GMT or BST by the season).
    const runs = new Cron('0 17 * * 1-5', { timezone: 'Europe/London', paused: true }).nextRuns(3)
    const shown = await form.getByTestId('next-runs').getByRole('listitem').allTextContents()
    expect(shown).toHaveLength(3)
    shown.forEach((text, i) => {
      expect(text).toMatch(/^(Mon|Tue|Wed|Thu|Fri) \d{4}-\d\d-\d\d 17:00 (GMT|BST)$/)
      expect(text).toContain(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(runs[i]))
    })
    await screenshot(dash.page, 'report-schedule')
    await form.getByTestId('save-schedule').click()
    await expect.poll(() => form.getByRole('status').textContent(), WAIT).toBe('Saved: the schedule is on.')
    await dash.page.reload()
    const view = dash.page.getByTestId('reports-view')
    await expect.poll(() => view.textContent(), WAIT).toContain('Every "0 17 * * 1-5" in Europe/London: the last day as PDF, the newest 5 kept.')
    await expect.poll(() => dash.page.getByTestId('schedule-form').getByLabel('Time zone (IANA)').inputValue(), WAIT).toBe('Europe/London')
  })
})
