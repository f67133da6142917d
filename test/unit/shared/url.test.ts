// Delivery URLs are shown to every client (settings view, delivery log): credentials in them would
// leak past the redaction of `auth`, so both delivery targets refuse them, naming the field.
import { describe, expect, it } from 'vitest'
import { SettingsSchema } from '../../../shared/settings.ts'
import { WebhookSchema } from '../../../shared/alerts.ts'

describe('delivery target URLs', () => {
  it('refuses a user name or password in the Alertmanager URL, naming alertmanager.url', () => {
    for (const url of ['http://user:pass@127.0.0.1:9093', 'https://token@am.example:9093/']) {
      const r = SettingsSchema.safeParse({ alertmanager: { url } })
      expect(r.success, url).toBe(false)
      expect(r.error?.issues[0].path).toEqual(['alertmanager', 'url'])
      expect(r.error?.issues[0].message).toMatch(/user name or password/)
    }
    expect(SettingsSchema.safeParse({ alertmanager: { url: 'http://127.0.0.1:9093', auth: { type: 'bearer', token: 'x'.repeat(20) } } }).success).toBe(true)
  })

  it('refuses credentials in a webhook URL and accepts a plain one', () => {
    expect(WebhookSchema.safeParse({ url: 'http://a:b@hooks.example/x' }).success).toBe(false)
    expect(WebhookSchema.safeParse({ url: 'ftp://hooks.example/x' }).success).toBe(false)
    expect(WebhookSchema.safeParse({ url: 'https://hooks.example/x?k=1' }).success).toBe(true)
  })
})
