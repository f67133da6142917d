// Session windows in a time zone, across DST changes.
import { describe, expect, it } from 'vitest'
import { SessionWindow } from '../../../../electron/engine/alerts/session.ts'
import { SessionSchema } from '../../../../shared/alerts.ts'
import { harness, rule } from './helpers.ts'

const london = new SessionWindow(SessionSchema.parse({ from: '08:00', to: '16:30', tz: 'Europe/London' }))

describe('session windows', () => {
  it('opens at 08:00 London time on both sides of the March DST change (GMT → BST)', () => {
    // Fri 27 Mar 2026 is GMT (UTC+0); Mon 30 Mar 2026 is BST (UTC+1).
    expect(london.contains(Date.UTC(2026, 2, 27, 7, 59))).toBe(false)
    expect(london.contains(Date.UTC(2026, 2, 27, 8, 0))).toBe(true)
    expect(london.contains(Date.UTC(2026, 2, 27, 16, 29))).toBe(true)
    expect(london.contains(Date.UTC(2026, 2, 27, 16, 30))).toBe(false)
    expect(london.contains(Date.UTC(2026, 2, 30, 6, 59))).toBe(false)
    expect(london.contains(Date.UTC(2026, 2, 30, 7, 0))).toBe(true) // 08:00 BST
    expect(london.contains(Date.UTC(2026, 2, 30, 15, 29))).toBe(true)
    expect(london.contains(Date.UTC(2026, 2, 30, 15, 30))).toBe(false) // 16:30 BST
  })

  it('and after the October change back, and never at weekends', () => {
    // Fri 23 Oct 2026 BST; Mon 26 Oct 2026 GMT.
    expect(london.contains(Date.UTC(2026, 9, 23, 7, 0))).toBe(true)
    expect(london.contains(Date.UTC(2026, 9, 26, 7, 0))).toBe(false)
    expect(london.contains(Date.UTC(2026, 9, 26, 8, 0))).toBe(true)
    expect(london.contains(Date.UTC(2026, 9, 24, 12, 0))).toBe(false) // Saturday
  })

  it('runs past midnight when `to` is before `from`, belonging to its start day (New York, across DST)', () => {
    const s = new SessionWindow(SessionSchema.parse({ days: ['sun'], from: '18:00', to: '02:00', tz: 'America/New_York' }))
    // Sun 8 Mar 2026: DST starts at 02:00 local. 18:00 EDT = 22:00 UTC.
    expect(s.contains(Date.UTC(2026, 2, 8, 21, 59))).toBe(false)
    expect(s.contains(Date.UTC(2026, 2, 8, 22, 0))).toBe(true)
    expect(s.contains(Date.UTC(2026, 2, 9, 5, 59))).toBe(true) // Mon 01:59 EDT
    expect(s.contains(Date.UTC(2026, 2, 9, 6, 0))).toBe(false)
    expect(s.contains(Date.UTC(2026, 2, 1, 23, 0))).toBe(true) // the Sunday before: 18:00 EST
  })

  it('a rule outside its session resolves and does not fire', () => {
    const t0 = Date.UTC(2026, 2, 30, 6, 58) // 07:58 BST Monday
    const h = harness([rule({ name: 's', session: { from: '08:00', to: '16:30', tz: 'Europe/London' } })], { t0, step: 60_000 })
    h.feed(95) // 07:58: outside
    expect(h.events).toEqual([])
    h.feed(95) // 07:59
    h.feed(95) // 08:00: inside
    expect(h.events.map((e) => [e.state, new Date(e.firedAt!).toISOString()])).toEqual([['firing', '2026-03-30T07:00:00.000Z']])
  })

  it('rejects a zone that does not exist and a malformed time', () => {
    const r = SessionSchema.safeParse({ from: '8:00', to: '16:30', tz: 'Europe/Londres' })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['from', 'tz'])
  })
})
