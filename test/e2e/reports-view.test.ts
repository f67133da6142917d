// The dashboard's Reports view in Chromium against `gapwatch serve`: the schedule it follows, links
// to the report of the last day/week/month, and the scheduled reports of the data directory with
// their download links (screenshot reports-view).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDashboard, screenshot } from './setup.ts'

const dash = openDashboard('#reports', [])

describe('Reports view', () => {
  it('lists the scheduled reports with their files to download', async () => {
    const dir = path.join(dash.served.dataDir, 'reports')
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'gapwatch-report-20260401T160000Z.json'), '{}')
    fs.writeFileSync(path.join(dir, 'gapwatch-report-20260401T160000Z.pdf'), '%PDF-x')
    fs.writeFileSync(path.join(dir, 'gapwatch-report-20260402T160000Z.json'), '{}')
    await dash.page.reload()
    const view = dash.page.getByTestId('reports-view')
    await expect.poll(() => view.getByRole('row').count()).toBe(3)
    await expect(view.getByText('Scheduled reports are off').count()).resolves.toBe(1)
    const rows = view.getByRole('row')
    await expect(rows.nth(1).textContent()).resolves.toMatch(/gapwatch-report-20260402T160000Z.*2026-04-02 16:00 UTC.*JSON.*no PDF/)
    await expect(rows.nth(2).getByRole('link', { name: 'PDF' }).getAttribute('href')).resolves.toBe('/api/reports/gapwatch-report-20260401T160000Z.pdf')
    await expect(view.getByRole('link', { name: 'PDF' }).first().getAttribute('href')).resolves.toBe('/api/report?preset=day&format=pdf')
    await screenshot(dash.page, 'reports-view')
  })
})
