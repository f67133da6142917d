// tierParts: a range cut where each finer tier's retention begins, on the range's own step grid.
import { describe, expect, it } from 'vitest'
import { chooseTier, tierParts } from '../../../../electron/engine/store/tiers.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const retention = { rawHours: 48, minuteDays: 30, hourDays: 730 }
const now = Date.UTC(2026, 11, 2, 16, 34, 12, 345)

describe('tierParts', () => {
  it('reads 40 days as 1-hour, then 1-minute from 30 days ago, then raw for the last 48 h', () => {
    const from = now - 40 * DAY
    const parts = tierParts(from, now, now, retention, HOUR)
    expect(parts.map((p) => p.tier)).toEqual(['1h', '1m', 'raw'])
    expect(parts[0].from).toBe(from)
    expect(parts[2].to).toBe(now)
    for (let i = 1; i < parts.length; i++) {
      expect(parts[i].from).toBe(parts[i - 1].to) // no gap, no overlap
      expect((parts[i].from - from) % HOUR).toBe(0) // on the range's grid
      expect(chooseTier(parts[i].from, now, retention)).toBe(parts[i].tier) // the store picks the same tier
    }
    expect(parts[1].from - (now - 30 * DAY)).toBeLessThan(HOUR) // cut at most a grid step after the horizon
    expect(parts[2].from - (now - 2 * DAY)).toBeLessThan(HOUR)
  })

  it('is one part when one tier covers the whole range', () => {
    expect(tierParts(now - 3 * HOUR, now, now, retention, HOUR)).toEqual([{ from: now - 3 * HOUR, to: now, tier: 'raw' }])
    expect(tierParts(now - 60 * DAY, now - 50 * DAY, now, retention, HOUR)).toEqual([{ from: now - 60 * DAY, to: now - 50 * DAY, tier: '1h' }])
  })
})
