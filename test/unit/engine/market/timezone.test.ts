// Broker time: wall-clock times in a zone become UTC instants, exactly across DST changes, for
// IANA zones and fixed offsets; the CSV importer applies it to wall-clock times only.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkZone, CsvImportError, parseCsv, zoneToUtc } from '../../../../electron/engine/market/index.ts'
import { parseCsvRange } from '../../../../electron/engine/market/csv-range.ts'
import { tempDir } from '../../../helpers/temp.ts'

/** Wall-clock text "YYYY-MM-DDTHH:mm" → ms read as if UTC. */
const wall = (s: string) => Date.parse(`${s}:00Z`)
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16)

describe('zoneToUtc', () => {
  it('Europe/Athens: +2 in winter, +3 in summer, changing at 03:00 / 04:00 local', () => {
    const f = zoneToUtc('Europe/Athens')
    expect(iso(f(wall('2024-01-15T12:00')))).toBe('2024-01-15T10:00')
    expect(iso(f(wall('2024-07-15T12:00')))).toBe('2024-07-15T09:00')
    // Spring forward on 31 March: 02:59 is still +2, 04:00 is +3.
    expect(iso(f(wall('2024-03-31T02:59')))).toBe('2024-03-31T00:59')
    expect(iso(f(wall('2024-03-31T04:00')))).toBe('2024-03-31T01:00')
    // 03:30 was never shown by a clock there: read with the offset before the change.
    expect(iso(f(wall('2024-03-31T03:30')))).toBe('2024-03-31T01:30')
    // Fall back on 27 October: 03:30 happened twice; its first occurrence (+3) is taken.
    expect(iso(f(wall('2024-10-27T02:59')))).toBe('2024-10-26T23:59')
    expect(iso(f(wall('2024-10-27T03:30')))).toBe('2024-10-27T00:30')
    expect(iso(f(wall('2024-10-27T04:00')))).toBe('2024-10-27T02:00')
  })

  it('America/New_York: every minute of a year maps back to its wall time, strictly increasing (the skipped hour aside)', () => {
    const f = zoneToUtc('America/New_York')
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    const local = (utc: number) => fmt.format(new Date(utc)).replace(', ', 'T')
    let prev = -Infinity
    for (let t = wall('2024-01-01T00:00'); t < wall('2025-01-01T00:00'); t += 37 * 60_000) {
      const u = f(t)
      const text = iso(t)
      if (text >= '2024-03-10T02:00' && text < '2024-03-10T03:00') continue // the skipped hour
      expect(local(u), text).toBe(text)
      expect(u).toBeGreaterThan(prev)
      prev = u
    }
  })

  it('takes fixed offsets and refuses unknown zones with a clear message', () => {
    expect(iso(zoneToUtc('+02:00')(wall('2024-07-15T12:00')))).toBe('2024-07-15T10:00')
    expect(iso(zoneToUtc('-05:30')(wall('2024-07-15T12:00')))).toBe('2024-07-15T17:30')
    expect(iso(zoneToUtc('UTC')(wall('2024-07-15T12:00')))).toBe('2024-07-15T12:00')
    expect(() => zoneToUtc('Mars/Olympus')).toThrow('"Mars/Olympus" is not an IANA time zone (e.g. Europe/Athens) or a UTC offset (e.g. +02:00)')
    expect(() => zoneToUtc('')).toThrow(/not an IANA time zone/)
  })

  it('takes a zone only as a whole: junk around an offset, offsets of a day or more, unknown Etc names are refused', () => {
    for (const z of ['garbage+05', '<img src=x onerror=alert(1)>+05', 'Europe/Athens+02', '+99', '+24:00', '+02:60', '+02:00:30', '+2', '02:00', 'Etc/GMT+14', '+05junk']) {
      expect(() => checkZone(z), z).toThrow(`"${z}" is not an IANA time zone`)
    }
  })

  it('stores one spelling per zone and reads a negative offset under an hour west of UTC', () => {
    expect(checkZone(' europe/athens ')).toBe('Europe/Athens')
    expect(checkZone('+0200')).toBe('+02:00')
    expect(checkZone('-05')).toBe('-05:00')
    expect(checkZone('utc')).toBe('UTC')
    expect(iso(zoneToUtc('-00:30')(wall('2024-07-15T12:00')))).toBe('2024-07-15T12:30')
    expect(iso(zoneToUtc('+0530')(wall('2024-07-15T12:00')))).toBe('2024-07-15T06:30')
  })
})

describe('parseCsv with tz', () => {
  const mt5 = (rows: string[]) => ['<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>', ...rows.map((r) => `${r}\t1.1\t1.2\t1.0\t1.15\t10`)].join('\n')

  it('reads a MetaTrader export in broker time (EET/EEST) as UTC across the spring change', () => {
    const text = mt5(['2024.03.31\t01:00:00', '2024.03.31\t02:00:00', '2024.03.31\t04:00:00', '2024.03.31\t05:00:00'])
    const r = parseCsv(text, { file: 'EURUSD.csv', tz: 'Europe/Athens' })
    expect(Array.from(r.candles.time, iso)).toEqual(['2024-03-30T23:00', '2024-03-31T00:00', '2024-03-31T01:00', '2024-03-31T02:00'])
    // Hourly in UTC throughout: the change is no longer a 2-hour gap in the series.
    expect(r.intervalMs).toBe(3_600_000)
    expect(Array.from(parseCsv(text, { file: 'EURUSD.csv' }).candles.time, iso)[2]).toBe('2024-03-31T04:00')
  })

  // The review's file (F6): 15-minute candles of a 24/7 market in Athens wall time across the autumn
  // change, where 03:00-03:45 happen twice; it was refused as "earlier than line 7".
  const athens = (times: string[]) => ['timestamp,open,high,low,close,volume', ...times.map((t) => `2026-${t},1.0,1.01,0.99,1.005,1`)].join('\n')

  it('reads rows in time order across the autumn fall-back: the repeated hour, once the clock went back, is its second occurrence', () => {
    const text = athens(['10-25 02:30', '10-25 02:45', '10-25 03:00', '10-25 03:15', '10-25 03:30', '10-25 03:45', '10-25 03:00', '10-25 03:15', '10-25 03:30', '10-25 03:45', '10-25 04:00'])
    const r = parseCsv(text, { file: 'fallback.csv', tz: 'Europe/Athens' })
    // 15 minutes apart in UTC throughout: +3 up to the first 03:45, +2 from the second 03:00.
    expect(Array.from(r.candles.time, iso)).toEqual([
      '2026-10-24T23:30', '2026-10-24T23:45', '2026-10-25T00:00', '2026-10-25T00:15', '2026-10-25T00:30', '2026-10-25T00:45',
      '2026-10-25T01:00', '2026-10-25T01:15', '2026-10-25T01:30', '2026-10-25T01:45', '2026-10-25T02:00',
    ])
    expect(r.intervalMs).toBe(15 * 60_000)
    // Hourly rows that only show the repeat once, or start inside it, keep the first occurrence.
    const once = parseCsv(athens(['10-25 02:00', '10-25 03:00', '10-25 04:00']), { file: 'h.csv', tz: 'Europe/Athens' })
    expect(Array.from(once.candles.time, iso)).toEqual(['2026-10-24T23:00', '2026-10-25T00:00', '2026-10-25T02:00'])
  })

  it('a real disorder in or around a DST change is still refused, and the message names the change', () => {
    // a duplicate inside the repeated hour: not the clock going back
    expect(() => parseCsv(athens(['10-25 02:45', '10-25 03:00', '10-25 03:00']), { file: 'd.csv', tz: 'Europe/Athens' })).toThrow(
      /^d\.csv:4: column "timestamp": "2026-10-25 03:00" repeats the time of line 3: 2026-10-25 03:00 occurs twice in Europe\/Athens \(the clocks went back\)/,
    )
    // back by more than the change
    expect(() => parseCsv(athens(['10-25 03:45', '10-25 02:30']), { file: 'b.csv', tz: 'Europe/Athens' })).toThrow(/^b\.csv:3: .*is earlier than line 2 \(times must increase\)$/)
    // spring forward (29 March 2026, 03:00 → 04:00): rows in the hour no clock showed
    const spring = athens(['03-29 02:45', '03-29 03:00', '03-29 03:15', '03-29 03:30', '03-29 03:45', '03-29 04:00'])
    expect(() => parseCsv(spring, { file: 'springfwd.csv', tz: 'Europe/Athens' })).toThrow(
      /^springfwd\.csv:7: column "timestamp": "2026-03-29 04:00" is earlier than line 6 \(times must increase\): 2026-03-29 03:45 on the line before does not exist in Europe\/Athens \(the clocks went forward over it\)/,
    )
  })

  it('refuses times that carry their own zone, naming file, line and column', () => {
    const epoch = 'timestamp,open,high,low,close\n1700000000000,1,2,0.5,1.5\n'
    expect(() => parseCsv(epoch, { file: 'e.csv', tz: '+02:00' })).toThrow(CsvImportError)
    expect(() => parseCsv(epoch, { file: 'e.csv', tz: '+02:00' })).toThrow(/^e\.csv:2: column "timestamp": .*carries its own time zone/)
    const zoned = 'time,open,high,low,close\n2024-01-01 00:00,1,2,0.5,1.5\n2024-01-01T01:00+01:00,1,2,0.5,1.5\n'
    expect(() => parseCsv(zoned, { file: 'z.csv', tz: 'Europe/Athens' })).toThrow(/^z\.csv:3: column "time"/)
  })
})

describe('a split range inside the repeated hour (workers read a big file in byte ranges)', () => {
  it('reads the second pass as the whole file does, wherever the range starts', () => {
    // 1-minute rows in Athens wall time, 2026-10-25 01:00 … 05:00, with 03:00-03:59 twice
    const walls: string[] = []
    const pad = (n: number) => String(n).padStart(2, '0')
    for (let h = 1; h < 5; h++) for (let m = 0; m < 60; m++) walls.push(`2026-10-25 ${pad(h)}:${pad(m)}`)
    const rows = [...walls.slice(0, 180), ...walls.slice(120)] // 01:00-03:59, then 03:00-04:59
    const header = 'timestamp,open,high,low,close,volume\n'
    const lines = rows.map((t) => `${t},1.0,1.01,0.99,1.005,1\n`)
    const text = header + lines.join('')
    const offsetOf = (row: number) => header.length + lines.slice(0, row).join('').length
    const dir = tempDir('gw-tz-range-')
    const file = path.join(dir, 'athens.csv')
    fs.writeFileSync(file, text)
    const st = fs.statSync(file)
    const whole = parseCsv(text, { file: 'athens.csv', tz: 'Europe/Athens' }).candles.time
    expect(whole.length).toBe(rows.length)
    for (let k = 1; k < whole.length; k++) expect(whole[k] - whole[k - 1]).toBe(60_000)
    // ranges starting in the first pass, just after the clock went back, and deep in the second pass
    for (const row of [150, 181, 182, 230]) {
      const start = offsetOf(row)
      const r = parseCsvRange(file, { start, end: st.size }, 2, { file: 'athens.csv', tz: 'Europe/Athens', size: st.size, mtimeMs: st.mtimeMs })
      const own = Array.from(r.candles.time.subarray(r.contextRows))
      expect(own.map(iso), `range from row ${row}`).toEqual(Array.from(whole.subarray(whole.length - own.length)).map(iso))
    }
  })
})

describe('repeated', () => {
  it('says which instants have a wall-clock time the clocks showed twice', () => {
    const z = zoneToUtc('Europe/Athens') // 2026-10-25 04:00 EEST (01:00Z) → 03:00 EET: 03:00–04:00 shown twice
    expect(z.repeated(Date.UTC(2026, 9, 24, 23, 59))).toBe(false) // 02:59 EEST
    expect(z.repeated(Date.UTC(2026, 9, 25, 0, 0))).toBe(true) // 03:00 EEST, first pass
    expect(z.repeated(Date.UTC(2026, 9, 25, 0, 59, 59, 500))).toBe(true)
    expect(z.repeated(Date.UTC(2026, 9, 25, 1, 30))).toBe(true) // 03:30 EET, second pass
    expect(z.repeated(Date.UTC(2026, 9, 25, 2, 0))).toBe(false) // 04:00 EET
    expect(z.repeated(Date.UTC(2026, 2, 29, 1, 30))).toBe(false) // spring: 04:30 EEST, no hour twice
    expect(zoneToUtc('+02:00').repeated(Date.UTC(2026, 9, 25, 0, 30))).toBe(false)
  })
})
