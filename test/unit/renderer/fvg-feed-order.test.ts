// The live FVG feed reads newest market time first whatever order events arrive in (a replay's
// events can reach the page out of candle order): fast-check shuffles arrivals and the feed's order
// must always be sorted by market time, equal times by later arrival.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventTime, newestFirst, type FeedEvent } from '../../../renderer/src/views/symbols/feed-order.ts'

const event = (seq: number, type: FeedEvent['type'], time: number, extra: Partial<FeedEvent> = {}): FeedEvent => ({
  type,
  symbol: 'EURUSD',
  timeframe: '15m',
  zone: { index: seq, time: time - 3_600_000, direction: 1, top: 1.1, bottom: 1.09, mitigatedIndex: null, mitigatedTime: null },
  at: 1_000 + seq,
  seq,
  candleTime: time,
  ...extra,
})

describe('live FVG feed order', () => {
  it("dates an event at its candle, a mitigation without one at its mitigation, else the zone's formation", () => {
    const { candleTime: _drop, ...noCandle } = event(1, 'mitigated', 5_000)
    expect(eventTime(event(1, 'created', 5_000))).toBe(5_000)
    expect(eventTime({ ...noCandle, zone: { ...noCandle.zone, mitigatedTime: 4_000 } })).toBe(4_000)
    expect(eventTime({ ...noCandle, type: 'created' })).toBe(noCandle.zone.time)
  })

  it('sorts any arrival order newest market time first; of equal times the later arrival leads', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 30 }), (times) => {
        let list: FeedEvent[] = []
        times.forEach((t, k) => (list = newestFirst([...list, event(k + 1, 'created', t * 900_000)]).slice(0, 12)))
        for (let k = 1; k < list.length; k++) {
          const [a, b] = [list[k - 1], list[k]]
          expect(eventTime(a) > eventTime(b) || (eventTime(a) === eventTime(b) && a.seq > b.seq)).toBe(true)
        }
        // the dozen kept are the newest in market time
        const kept = [...times].sort((x, y) => y - x).slice(0, 12).map((t) => t * 900_000)
        expect(list.map(eventTime)).toEqual(kept)
      }),
    )
  })
})
