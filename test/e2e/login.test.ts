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

describe('Token login under attack', () => {
  const dash = openDashboard('', ['--interval', '500ms', '--token', TOKEN])

  it('says how long to wait once too many wrong tokens came from this address', async () => {
    await expect.poll(() => dash.page.getByTestId('login-form').count(), { timeout: 10_000 }).toBe(1)
    // Ten wrong guesses from the page's own origin use up the address's allowance…
    const statuses = await dash.page.evaluate(async () => {
      const out: number[] = []
      for (let i = 0; i < 10; i++) {
        const res = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"guess-guess-guess-guess"}' })
        out.push(res.status)
      }
      return out
    })
    expect(statuses).toEqual(Array(10).fill(401))
    // …so even the right one now gets the server's 429 message, shown word for word.
    await dash.page.getByLabel('Token').fill(TOKEN)
    await dash.page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => dash.page.getByTestId('login-error').textContent(), { timeout: 10_000 }).toMatch(/Too many failed attempts .*try again in \d+ s/)
    expect(await dash.page.getByRole('tablist').count()).toBe(0)
    await screenshot(dash.page, 'login-rate-limited')
  })
})
