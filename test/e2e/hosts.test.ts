// The hosts menu in Chromium: hosts are added with the form of the menu's "Add host…" dialog (each
// field's error in words; the token never shown back), the dashboard of engine A then switches to
// engine B (a second real `gapwatch serve`, with a token) and every view shows B (here the Settings
// view's data directory, which differs per engine), a wrong token is reported in words naming the
// host, "This machine" switches back, and Settings → Other engines edits and removes hosts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'
import { startServe, type Served } from '../helpers/serve.ts'

const TOKEN = 'remote-token-0123456789abcdef'

describe('hosts menu', () => {
  let a: Served
  let b: Served
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    await ensureBuilt()
    ;[a, b, browser] = await Promise.all([startServe(['--interval', '1s']), startServe(['--interval', '1s', '--token', TOKEN]), launchBrowser()])
    page = await newPage(browser)
    await page.goto(`${a.url}/#settings`)
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all([a?.stop(), b?.stop()])
  })

  it('adds hosts from the Engine menu: each field’s error in words, then the token only ever "set"', async () => {
    await expect.poll(() => page.getByTestId('data-dir').textContent(), { timeout: 30_000 }).toBe(a.dataDir)
    const menu = page.getByTestId('host-menu')
    await expect.poll(() => menu.locator('option').allTextContents(), { timeout: 30_000 }).toEqual(['This machine', 'Add host…'])
    await menu.selectOption({ label: 'Add host…' })
    const dialog = page.getByTestId('hosts-dialog')
    await expect.poll(() => dialog.isVisible(), { timeout: 30_000 }).toBe(true)
    expect(await menu.inputValue()).toBe('') // the menu still shows the engine on screen

    await dialog.getByTestId('host-name').fill('vps')
    await dialog.getByTestId('host-url').fill('ftp://vps.example/path')
    await dialog.getByTestId('host-token').fill('short')
    await dialog.getByTestId('host-save').click()
    const errors = dialog.locator('.field-error')
    await expect.poll(() => errors.allTextContents(), { timeout: 30_000 }).toEqual([expect.stringMatching(/^a URL like https:\/\/vps\.example:8787/), 'at least 16 characters'])
    await screenshot(page, 'hosts-form-errors')
    expect(((await (await fetch(`${a.url}/api/hosts`)).json()) as { hosts: unknown[] }).hosts).toEqual([]) // nothing saved

    await dialog.getByTestId('host-url').fill(b.url)
    await dialog.getByTestId('host-token').fill(TOKEN)
    await expect.poll(() => errors.count()).toBe(0) // errors follow the fields as they are fixed
    await dialog.getByTestId('host-save').click()
    await expect.poll(() => dialog.getByTestId('host-result').textContent(), { timeout: 30_000 }).toBe('Saved. vps answers: choose it in the Engine menu.')
    expect(await dialog.getByTestId('host-token').inputValue()).toBe('')

    // a wrong token is saved, and said at once in words naming the host
    await dialog.getByTestId('host-name').fill('wrong-token')
    await dialog.getByTestId('host-url').fill(b.url)
    await dialog.getByTestId('host-token').fill('not-the-right-token-at-all')
    await dialog.getByTestId('host-save').click()
    await expect.poll(() => dialog.getByTestId('host-result').textContent(), { timeout: 30_000 }).toMatch(/^Saved, but: Host "wrong-token" \(http:\/\/127\.0\.0\.1:\d+\) refused the token \(401\)/)
    expect(await dialog.getByTestId('hosts-table').locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(['set', 'set'])
    await screenshot(page, 'hosts-dialog')
    const html = await page.content()
    expect(html).not.toContain(TOKEN)
    expect(html).not.toContain('not-the-right-token-at-all')
    expect(await (await fetch(`${a.url}/api/hosts`)).json()).toEqual({
      hosts: [
        { name: 'vps', url: b.url, tokenSet: true },
        { name: 'wrong-token', url: b.url, tokenSet: true },
      ],
    })
    await dialog.getByTestId('hosts-dialog-close').click()
    await expect.poll(() => page.getByTestId('hosts-dialog').count(), { timeout: 30_000 }).toBe(0)
    expect(await menu.locator('option').allTextContents()).toEqual(['This machine', 'vps', 'wrong-token', 'Add or edit hosts…'])
  })

  it('switches the dashboard to the saved host and back to this machine', async () => {
    const dataDir = page.getByTestId('data-dir')
    await expect.poll(() => dataDir.textContent(), { timeout: 30_000 }).toBe(a.dataDir)
    const menu = page.getByTestId('host-menu')
        await menu.selectOption('vps')
    await expect.poll(() => dataDir.textContent(), { timeout: 30_000 }).toBe(b.dataDir)
    // the live views follow too: the Overview charts fill from B's samples
    await page.getByRole('tab', { name: 'Overview' }).click()
    await expect.poll(() => page.locator('main#view canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await page.getByRole('tab', { name: 'Settings' }).click()
    await expect.poll(() => dataDir.textContent(), { timeout: 30_000 }).toBe(b.dataDir)
    await screenshot(page, 'hosts-remote')

    await menu.selectOption('')
    await expect.poll(() => dataDir.textContent(), { timeout: 30_000 }).toBe(a.dataDir)
  })

  it('reports a wrong token in words naming the host, and stays on the engine it showed', async () => {
    const menu = page.getByTestId('host-menu')
    await menu.selectOption('wrong-token')
    const error = page.getByTestId('host-error')
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toMatch(/Host "wrong-token" \(http:\/\/127\.0\.0\.1:\d+\) refused the token \(401\)/)
    expect(await menu.inputValue()).toBe('')
    expect(await page.getByTestId('data-dir').textContent()).toBe(a.dataDir)
    await screenshot(page, 'hosts-wrong-token')
  })

  it('edits a host in Settings keeping its token, and removes one', async () => {
    await page.getByTestId('host-error').getByRole('button', { name: 'Dismiss' }).click()
    const card = page.getByTestId('hosts-card')
    await card.locator('tr[data-host="vps"]').getByTestId('host-edit').click()
    expect(await card.getByTestId('host-name').isDisabled()).toBe(true)
    expect(await card.getByTestId('host-token').getAttribute('placeholder')).toBe('set (unchanged)')
    await card.getByTestId('host-url').fill(`${b.url}/`)
    await card.getByTestId('host-save').click()
    // saved without a token field: the check still passes, so the saved token was kept
    await expect.poll(() => card.getByTestId('host-result').textContent(), { timeout: 30_000 }).toBe('Saved. vps answers: choose it in the Engine menu.')
    await card.getByTestId('host-edit-done').click()

    await card.locator('tr[data-host="wrong-token"]').getByTestId('host-remove').click()
    await card.getByTestId('host-remove-confirm').click()
    await expect.poll(() => card.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host'))), { timeout: 30_000 }).toEqual(['vps'])
    await screenshot(page, 'hosts-settings')
    expect(await page.getByTestId('host-menu').locator('option').allTextContents()).toEqual(['This machine', 'vps', 'Add or edit hosts…'])
    expect(await (await fetch(`${a.url}/api/hosts`)).json()).toEqual({ hosts: [{ name: 'vps', url: `${b.url}/`, tokenSet: true }] })
  })
})
