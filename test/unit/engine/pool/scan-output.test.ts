// One file's formatted part is written into one buffer sized from its zone count: a part whose rows
// are longer than the guess (long numbers) grows the buffer and still equals the gathered output.
import { describe, expect, it } from 'vitest'
import { formatFilePart, formatScan, scanHead, scanTail, type ScanStats } from '../../../../electron/engine/pool/scan-output.ts'
import type { ScanJobResult } from '../../../../electron/engine/pool/protocol.ts'

const stats: ScanStats = { files: 1, failed: 0, workers: 1, candles: 0, fvgs: 0, wallMs: 1, candlesPerSec: 1, balance: 1 }

/** Repeated on every CSV row: long rows there too. */
const SYMBOL = 'L'.repeat(60)

function result(zones: number): ScanJobResult {
  const n = zones
  const f = (g: (k: number) => number) => Float64Array.from({ length: n }, (_, k) => g(k))
  return {
    symbol: SYMBOL, candles: 10 * n, fvgs: n, intervalMs: 60_000, firstTime: 0, lastTime: 1, lastClose: 1, blankCells: 0,
    zones: {
      index: Int32Array.from({ length: n }, (_, k) => 1_000_000_000 + k),
      direction: Int8Array.from({ length: n }, (_, k) => (k % 2 ? 1 : -1)),
      // 17 significant digits and exponents: the longest numbers there are, well past the size guess.
      top: f((k) => -1.2345678901234567e-123 * (k + 1)),
      bottom: f((k) => 9.876543210987654e200 / (k + 3)),
      mitigatedIndex: Int32Array.from({ length: n }, (_, k) => (k % 3 ? 1_500_000_000 + k : -1)),
      time: f((k) => 4_102_444_800_000 + k * 0.001),
      mitigatedTime: f((k) => (k % 3 ? 4_102_444_800_000.5 + k : NaN)),
    },
    timings: { loadMs: 0, resampleMs: 0, kernelMs: 0 },
  }
}

function gathered(format: 'json' | 'csv', r: ScanJobResult): string {
  const chunks: Buffer[] = []
  formatScan(format, [{ file: 'long.csv', result: r }], stats, (c) => chunks.push(Buffer.from(c)))
  return Buffer.concat(chunks).toString('utf8')
}

describe('formatFilePart', () => {
  for (const format of ['json', 'csv'] as const) {
    it(`grows its buffer for rows longer than the guess and equals the gathered ${format}`, () => {
      const r = result(5000)
      const part = formatFilePart(format, 'long.csv', r)
      expect(part.bytes.length).toBeGreaterThan(5000 * 144) // past the initial guess: the buffer grew
      expect(scanHead(format) + Buffer.from(part.bytes).toString('utf8') + scanTail(format, [part.row], stats)).toBe(gathered(format, r))
    })
  }

  it('formats a file without zones as an empty list', () => {
    const part = formatFilePart('json', 'none.csv', result(0))
    expect(Buffer.from(part.bytes).toString('utf8')).toBe(`{"symbol":"${SYMBOL}","file":"none.csv","candles":0,"fvgs":[]}`)
  })
})
