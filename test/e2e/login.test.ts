// Token login: a server started with --token refuses the API and the WebSocket without it; the
// login page rejects a wrong token and lets the right one in.
import { describe, expect, it } from 'vitest'
import { openDashboard, screenshot } from './setup.ts'

const TOKEN = 'e2e-secret-token'

describe('Token login', () => {
  const dash = openDashboard('', ['--interval', '500ms', '--token', TOKEN])

  it('asks for the token and rejects a wrong one', async () => {
    await expect.poll(() => dash.page.getByTestId('login-form').count(), { timeout: 10_000 }).toBe(1)
    await dash.page.getByLabel('Token').fill('not-the-token')
    await dash.page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => dash.page.getByTestId('login-error').textContent(), { timeout: 10_000 }).toBe('Wrong token')
    expect(await dash.page.getByRole('tablist').count()).toBe(0)
    await screenshot(dash.page, 'login-wrong-token')
  })

  it('accepts the right token and streams live data', async () => {
    await dash.page.getByLabel('Token').fill(TOKEN)
    await dash.page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => dash.page.getByRole('tablist').count(), { timeout: 10_000 }).toBe(1)
    await expect.poll(() => dash.page.getByTestId('cpu-value').textContent(), { timeout: 10_000 }).toMatch(/%$/)
    // The session cookie is HttpOnly: the page's scripts cannot read the token.
    expect(await dash.page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).not.toContain(TOKEN)
    // A reload keeps the session (the cookie).
    await dash.page.reload()
    await expect.poll(() => dash.page.getByTestId('cpu-value').textContent(), { timeout: 10_000 }).toMatch(/%$/)
    expect(await dash.page.getByTestId('login-form').count()).toBe(0)
    await screenshot(dash.page, 'login-accepted')
  })
})
