// What the hosts form and Settings → Alertmanager make of their fields: the shared schemas' verdict
// per field, and the secrets left out when the field is empty (the engine keeps the saved ones).
import { describe, expect, it } from 'vitest'
import { readHostForm } from '../../../renderer/src/hosts/host-form.ts'
import { readAlertmanagerForm } from '../../../renderer/src/views/settings/alertmanager-form.ts'

const TOKEN = 'remote-token-0123456789abcdef'

describe('hosts form', () => {
  it('names each bad field, and refuses a second host of the same name (any case)', () => {
    expect(readHostForm({ name: ' ', url: 'https://u:p@vps.example', token: 'short' }, [], null)).toEqual({
      errors: { name: expect.any(String), url: expect.stringMatching(/^a URL like/), token: 'at least 16 characters' },
    })
    const taken = [{ name: 'VPS', url: 'https://vps.example:8787', tokenSet: true }]
    expect(readHostForm({ name: 'vps', url: 'https://vps.example:8787', token: '' }, taken, null)).toEqual({
      errors: { name: 'a host with this name is saved already: edit it in the list' },
    })
  })

  it('leaves an empty token out (keep the saved one) and trims what the schema trims', () => {
    const editing = { name: 'vps', url: 'https://vps.example:8787', tokenSet: true }
    expect(readHostForm({ name: 'vps', url: ' https://vps.example:8787 ', token: '' }, [editing], editing)).toEqual({ host: { name: 'vps', url: 'https://vps.example:8787' } })
    expect(readHostForm({ name: 'box 2', url: 'http://10.0.0.2:8787', token: TOKEN }, [editing], null)).toEqual({ host: { name: 'box 2', url: 'http://10.0.0.2:8787', token: TOKEN } })
  })
})

describe('Alertmanager form', () => {
  const text = { enabled: true, url: 'http://am.example:9093', auth: 'none' as const, username: '', password: '', token: '', resendSeconds: 60 }

  it('turned off means no Alertmanager; no auth sends none', () => {
    expect(readAlertmanagerForm({ ...text, enabled: false, url: 'junk' }, null)).toEqual({ patch: null })
    expect(readAlertmanagerForm(text, null)).toEqual({ patch: { url: 'http://am.example:9093', resendSeconds: 60 } })
  })

  it('keeps a saved secret when its field is empty, and asks for a bearer token nobody saved', () => {
    const savedBasic = { url: 'http://am.example:9093', resendSeconds: 60, auth: { type: 'basic' as const, username: 'gw', passwordSet: true } }
    expect(readAlertmanagerForm({ ...text, auth: 'basic', username: 'gw' }, savedBasic)).toEqual({
      patch: { url: 'http://am.example:9093', resendSeconds: 60, auth: { type: 'basic', username: 'gw', passwordSet: true } },
    })
    expect(readAlertmanagerForm({ ...text, auth: 'basic', username: 'gw', password: 'new' }, savedBasic)).toMatchObject({ patch: { auth: { type: 'basic', username: 'gw', password: 'new' } } })
    expect(readAlertmanagerForm({ ...text, auth: 'bearer' }, savedBasic)).toEqual({ errors: { 'auth.token': 'required: the token Alertmanager (or its proxy) expects' } })
    const savedBearer = { url: 'http://am.example:9093', resendSeconds: 60, auth: { type: 'bearer' as const, tokenSet: true } }
    expect(readAlertmanagerForm({ ...text, auth: 'bearer' }, savedBearer)).toMatchObject({ patch: { auth: { type: 'bearer', tokenSet: true } } })
  })

  it('names the URL with credentials, a missing user name and a resend out of range', () => {
    const r = readAlertmanagerForm({ ...text, url: 'http://gw:pw@am.example', auth: 'basic', resendSeconds: 0 }, null)
    expect(r).toEqual({
      errors: {
        url: 'must not carry a user name or password (use auth instead: the URL is shown to every client)',
        'auth.username': expect.any(String),
        resendSeconds: 'a whole number of seconds from 1 to 3600',
      },
    })
  })
})
