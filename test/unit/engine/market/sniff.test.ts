// What an import refuses before parsing: names without a CSV extension and files whose first bytes
// are a workbook, an archive, an image or binary data; CSV text (UTF-8, UTF-16 with a BOM) passes.
import { describe, expect, it } from 'vitest'
import { nonCsvName, nonCsvReason } from '../../../../electron/engine/market/index.ts'

const bytes = (...b: number[]) => Uint8Array.from(b)
const text = (s: string) => new TextEncoder().encode(s)

describe('nonCsvReason', () => {
  it('passes CSV text: UTF-8 with or without BOM, UTF-16 LE and BE with BOM, multi-byte characters', () => {
    expect(nonCsvReason(text('timestamp,open,high,low,close\n1,2,3,1,2\n'))).toBeNull()
    expect(nonCsvReason(Uint8Array.from([0xef, 0xbb, 0xbf, ...text('time;open\n')]))).toBeNull()
    expect(nonCsvReason(Uint8Array.from([0xff, 0xfe, ...Buffer.from('<DATE>\t<OPEN>\n', 'utf16le')]))).toBeNull()
    expect(nonCsvReason(Uint8Array.from([0xfe, 0xff, 0x00, 0x3c]))).toBeNull()
    expect(nonCsvReason(text('symbol,café,€\n'))).toBeNull()
  })

  it('names what a non-CSV file is', () => {
    expect(nonCsvReason(bytes(0x50, 0x4b, 0x03, 0x04, 0x14))).toMatch(/ZIP archive .*xlsx/)
    expect(nonCsvReason(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1))).toMatch(/\.xls workbook/)
    expect(nonCsvReason(text('%PDF-1.7'))).toMatch(/PDF/)
    expect(nonCsvReason(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d))).toMatch(/PNG image/)
    expect(nonCsvReason(bytes(0x1f, 0x8b, 0x08))).toMatch(/gzip/)
    expect(nonCsvReason(text('SQLite format 3\0'))).toMatch(/SQLite/)
    expect(nonCsvReason(Uint8Array.from([...text('time,open\n1,'), 0, 2]))).toBe('it holds binary data (a NUL byte at offset 12), not CSV text')
  })
})

describe('nonCsvName', () => {
  it('accepts .csv and .txt in any case and refuses other names', () => {
    for (const n of ['EURUSD.csv', 'btc.CSV', 'export.txt']) expect(nonCsvName(n)).toBeNull()
    for (const n of ['EURUSD.xlsx', 'prices', 'a.csv.exe']) expect(nonCsvName(n)).toMatch(/only CSV files \(\.csv, \.txt\)/)
  })
})
