// Snooze presets: 15 min, 1 h, until the next 08:00 in the user's zone (across a DST change).
import { describe, expect, it } from 'vitest'
import { snoozeUntil } from '../../../../shared/durations.ts'

describe('snoozeUntil', () => {
  const now = Date.UTC(2026, 2, 28, 21, 0) // Sat 28 Mar 2026 21:00 GMT; BST starts at 01:00 UTC on the 29th
  it('adds a duration', () => {
    expect(snoozeUntil('15m', now, 'Europe/London')).toBe(now + 900_000)
    expect(snoozeUntil('1h', now, 'Europe/London')).toBe(now + 3_600_000)
  })
  it('"08:00" is tomorrow 08:00 local once today’s has passed, in summer time after the change', () => {
    expect(new Date(snoozeUntil('08:00', now, 'Europe/London')!).toISOString()).toBe('2026-03-29T07:00:00.000Z')
    expect(new Date(snoozeUntil('22:30', now, 'Europe/London')!).toISOString()).toBe('2026-03-28T22:30:00.000Z')
    expect(new Date(snoozeUntil('08:00', now, 'America/New_York')!).toISOString()).toBe('2026-03-29T12:00:00.000Z')
  })
  it('refuses anything else', () => {
    expect(snoozeUntil('tomorrow', now, 'UTC')).toBeNull()
    expect(snoozeUntil('0s', now, 'UTC')).toBeNull()
    expect(snoozeUntil('24:00', now, 'UTC')).toBeNull()
  })
})
