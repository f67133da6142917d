import { describe, expect, it } from 'vitest'
import {
  daysFromCivil, epochToMs, parseClockBytes, parseIsoBytes, parseTimeBytes,
} from '../../../../electron/engine/market/datetime.ts'

const enc = new TextEncoder()
const on = (f: (b: Uint8Array, s: number, e: number) => number) => (s: string): number => {
  const b = enc.encode(s)
  return f(b, 0, b.length)
}
const isoMs = on(parseIsoBytes)
const timeMs = on(parseTimeBytes)
const clockMs = on(parseClockBytes)

describe('epochToMs', () => {
  it('picks the unit by magnitude', () => {
    expect(epochToMs(1_704_189_600)).toBe(1_704_189_600_000) // s
    expect(epochToMs(1_704_189_600.25)).toBe(1_704_189_600_250)
    expect(epochToMs(1_704_189_600_000)).toBe(1_704_189_600_000) // ms
    expect(epochToMs(1_735_689_600_000_000)).toBe(1_735_689_600_000) // µs
    expect(epochToMs(1_735_689_600_000_000_000)).toBe(1_735_689_600_000) // ns
    expect(epochToMs(0)).toBe(0)
    expect(epochToMs(99_999_999_999)).toBe(99_999_999_999_000) // still seconds (year 5138)
    expect(epochToMs(100_000_000_000)).toBe(100_000_000_000) // ms from 1973-03-03
  })
})

describe('parseIsoBytes', () => {
  it('agrees with Date.parse on the accepted forms', () => {
    const same: [string, string][] = [
      ['2024-01-02', '2024-01-02T00:00:00Z'],
      ['2024-01-02T13:45', '2024-01-02T13:45:00Z'],
      ['2024-01-02T13:45:30', '2024-01-02T13:45:30Z'],
      ['2024-01-02 13:45:30', '2024-01-02T13:45:30Z'],
      ['2024-01-02T13:45:30Z', '2024-01-02T13:45:30Z'],
      ['2024-01-02T13:45:30.123Z', '2024-01-02T13:45:30.123Z'],
      ['2024-01-02T13:45:30.123456Z', '2024-01-02T13:45:30.123Z'],
      ['2024-01-02T13:45:30.5', '2024-01-02T13:45:30.500Z'],
      ['2024-01-02T13:45:30+02:00', '2024-01-02T11:45:30Z'],
      ['2024-01-02T13:45:30-0530', '2024-01-02T19:15:30Z'],
      ['2024-01-02T01:00:00+05', '2024-01-01T20:00:00Z'],
      ['2024-01-02 13:45:30 +00:00', '2024-01-02T13:45:30Z'],
      ['2024.01.02', '2024-01-02T00:00:00Z'],
      ['2024/01/02 23:59:59', '2024-01-02T23:59:59Z'],
      ['2024-02-29', '2024-02-29T00:00:00Z'],
      ['2000-02-29', '2000-02-29T00:00:00Z'],
      ['1969-12-31T23:59:59Z', '1969-12-31T23:59:59Z'],
    ]
    for (const [text, want] of same) expect(isoMs(text), text).toBe(Date.parse(want))
  })

  it('refuses impossible or malformed dates', () => {
    for (const bad of [
      '2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-01-02T24:00', '2024-01-02T12:60',
      '2024-01-02T12:00:61', '2024-01-02T12', '2024-1-2', '2024-01-02X12:00', '2024-01-02T12:00Zjunk', '2024-01-02T12:00+1',
      '2024-01-02T12:00+24:00', '2024-01.02', '24-01-02', 'today', '',
    ]) {
      expect(isoMs(bad), bad).toBeNaN()
    }
  })

  it('daysFromCivil matches Date.UTC across centuries', () => {
    for (const [y, m, d] of [[1970, 1, 1], [1600, 3, 1], [1999, 12, 31], [2000, 2, 29], [2100, 3, 1], [2400, 12, 31]]) {
      expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d))
    }
  })
})

describe('parseTimeBytes / parseClockBytes', () => {
  it('reads epoch numbers and ISO text', () => {
    expect(timeMs('1704189600')).toBe(1704189600000)
    expect(timeMs('1704189600000')).toBe(1704189600000)
    expect(timeMs('2024-01-02T10:00:00Z')).toBe(1704189600000)
    expect(timeMs('noon')).toBeNaN()
  })

  it('reads a time of day', () => {
    expect(clockMs('13:45')).toBe((13 * 60 + 45) * 60_000)
    expect(clockMs('13:45:30')).toBe(((13 * 60 + 45) * 60 + 30) * 1000)
    expect(clockMs('00:00:00.250')).toBe(250)
    for (const bad of ['24:00', '1:45', '13:45:', '13:45:30.', '13:45x', '']) expect(clockMs(bad), bad).toBeNaN()
  })
})
