import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatMetric,
  formatPercent,
  formatPrice,
  formatRate,
  formatSi,
  metricLabel,
  percentile,
  priceDecimals,
  unitOfMetric,
} from '../../../shared/format.ts'

const NNBSP = '\u202f'

describe('formatBytes', () => {
  it('uses IEC units with one decimal above a KiB', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB')
    expect(formatBytes(1.25 * 1024 ** 4, 2)).toBe('1.25 TiB')
  })
  it('carries a value that would round up to 1024 into the next unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MiB')
  })
  it('prints a dash for missing or non-finite values and keeps the sign', () => {
    expect(formatBytes(null)).toBe('—')
    expect(formatBytes(undefined)).toBe('—')
    expect(formatBytes(NaN)).toBe('—')
    expect(formatBytes(Infinity)).toBe('—')
    expect(formatBytes(-2048)).toBe('-2.0 KiB')
  })
})

describe('rates and percentages', () => {
  it('formats byte rates', () => {
    expect(formatRate(3 * 1024 * 1024)).toBe('3.0 MiB/s')
    expect(formatRate(12)).toBe('12 B/s')
    expect(formatRate(NaN)).toBe('—')
  })
  it('formats percentages', () => {
    expect(formatPercent(12.345)).toBe('12.3 %')
    expect(formatPercent(100, 0)).toBe('100 %')
    expect(formatPercent(null)).toBe('—')
  })
})

describe('formatDuration', () => {
  it('picks the unit by magnitude', () => {
    expect(formatDuration(0.42)).toBe('0.42 ms')
    expect(formatDuration(4.25)).toBe('4.3 ms')
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(1250)).toBe('1.25 s')
    expect(formatDuration(1000)).toBe('1 s')
    expect(formatDuration(2500)).toBe('2.5 s')
    expect(formatDuration(42_000)).toBe('42 s')
    expect(formatDuration(42_500)).toBe('42.5 s')
    expect(formatDuration(185_000)).toBe('3 min 5 s')
    expect(formatDuration(120_000)).toBe('2 min')
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min')
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h')
    expect(formatDuration(7 * 86_400_000)).toBe('7 d')
  })
  it('handles negatives and missing values', () => {
    expect(formatDuration(-1500)).toBe('-1.5 s')
    expect(formatDuration(undefined)).toBe('—')
  })
})

describe('counts, SI and prices', () => {
  it('groups thousands with a narrow no-break space', () => {
    expect(formatCount(1234567)).toBe(`1${NNBSP}234${NNBSP}567`)
    expect(formatCount(999)).toBe('999')
    expect(formatCount(-12345.678, 1)).toBe(`-12${NNBSP}345.7`)
  })
  it('compacts throughputs', () => {
    expect(formatSi(950)).toBe('950')
    expect(formatSi(2.5)).toBe('2.5')
    expect(formatSi(12_300)).toBe('12.3 k')
    expect(formatSi(4_500_000)).toBe('4.50 M')
    expect(formatSi(250_000_000)).toBe('250 M')
  })
  it('prints prices with the decimals their magnitude needs', () => {
    expect(formatPrice(1.123456)).toBe('1.12346')
    expect(formatPrice(145.7212)).toBe('145.721')
    expect(formatPrice(2650.123)).toBe('2650.12')
    expect(formatPrice(null)).toBe('—')
  })
})

describe('metric units and labels', () => {
  it('knows the unit of every stored metric family', () => {
    expect(unitOfMetric('cpu.total')).toBe('percent')
    expect(unitOfMetric('cpu.core.3')).toBe('percent')
    expect(unitOfMetric('mem.used')).toBe('bytes')
    expect(unitOfMetric('swap.used')).toBe('bytes')
    // The derived percentages alert rules use (shared/alerts.ts derivedMetricsOf) are percent, not bytes.
    expect(unitOfMetric('mem.used_pct')).toBe('percent')
    expect(unitOfMetric('swap.used_pct')).toBe('percent')
    expect(unitOfMetric('fs.used_pct_max')).toBe('percent')
    expect(unitOfMetric('disk.read_bps')).toBe('bytesPerSec')
    expect(unitOfMetric('disk.write_ops')).toBe('opsPerSec')
    expect(unitOfMetric('net.tx_bps')).toBe('bytesPerSec')
    expect(unitOfMetric('gpu.0.util')).toBe('percent')
    expect(unitOfMetric('gpu.0.mem_used')).toBe('bytes')
    expect(unitOfMetric('gpu.1.temp')).toBe('celsius')
    expect(unitOfMetric('gpu.1.power')).toBe('watts')
    expect(unitOfMetric('group.trading stack.cpu')).toBe('percent')
    expect(unitOfMetric('group.trading stack.rss')).toBe('bytes')
    expect(unitOfMetric('engine.cpu')).toBe('percent')
    expect(unitOfMetric('engine.rss')).toBe('bytes')
    expect(unitOfMetric('load.1')).toBe('plain')
  })
  it('formats a value in its metric unit', () => {
    expect(formatMetric('cpu.total', 42)).toBe('42.0 %')
    expect(formatMetric('net.rx_bps', 2048)).toBe('2.0 KiB/s')
    expect(formatMetric('disk.read_ops', 1500)).toBe('1.50 k ops/s')
    expect(formatMetric('gpu.0.temp', 61.4)).toBe('61 °C')
    expect(formatMetric('load.1', 0.5)).toBe('0.50')
    expect(formatMetric('mem.used', NaN)).toBe('—')
  })
  it('labels metrics for people', () => {
    expect(metricLabel('cpu.total')).toBe('CPU total')
    expect(metricLabel('cpu.core.2')).toBe('CPU core 2')
    expect(metricLabel('gpu.0.mem_used')).toBe('GPU 0 VRAM used')
    expect(metricLabel('group.trading stack.rss')).toBe('trading stack RSS')
    expect(metricLabel('group.trading stack.pss')).toBe('trading stack memory')
    expect(metricLabel('something.else')).toBe('something.else')
  })
})

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(percentile(v, 95)).toBe(95)
    expect(percentile(v, 50)).toBe(50)
    expect(percentile(v, 100)).toBe(100)
    expect(percentile(v, 0)).toBe(1)
    expect(percentile([7], 95)).toBe(7)
    expect(percentile([], 95)).toBeNaN()
  })
})

describe('priceDecimals and formatPrice in an instrument precision', () => {
  it("derives an instrument's decimals from its quotes", () => {
    expect(priceDecimals([1.0735, 1.07352, 1.1, 1.07])).toBe(5)
    expect(priceDecimals([2401.5, 2399.87, 2400])).toBe(2)
    expect(priceDecimals([61234, 60000])).toBe(0)
    expect(priceDecimals([145.592, 145.6, null, Number.NaN])).toBe(3)
    expect(priceDecimals([0.1 + 0.2])).toBe(8) // a computed value is capped, not 17 digits
    expect(priceDecimals([])).toBeNull()
    expect(priceDecimals([null, undefined])).toBeNull()
  })

  it('prints every price of a symbol with its decimals, whatever the magnitude', () => {
    expect(formatPrice(1.1, 5)).toBe('1.10000')
    expect(formatPrice(2400, 2)).toBe('2400.00')
    expect(formatPrice(0.00012000000000000899, 5)).toBe('0.00012') // a zone height
    expect(formatPrice(60123.456, 2)).toBe('60123.46')
    expect(formatPrice(null, 2)).toBe('—')
    // without a known precision, the magnitude rule
    expect(formatPrice(1.123456)).toBe('1.12346')
    expect(formatPrice(145.7212, null)).toBe('145.721')
  })
})
