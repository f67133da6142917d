// The values each metric can have, declared once with its unit in shared/metrics.ts (history import refuses others).
import { describe, expect, it } from 'vitest'
import { MAX_METRIC_VALUE, metricRange } from '../../../shared/metrics.ts'

describe('metricRange', () => {
  it('a share of all cores or of a size is 0-100; a share of one core, sizes and rates are from 0', () => {
    for (const m of ['cpu.total', 'cpu.iowait', 'cpu.core.3', 'mem.used_pct', 'fs.used_pct_max', 'gpu.0.util', 'cost.idle_share']) expect(metricRange(m), m).toEqual({ min: 0, max: 100 })
    for (const m of ['group.bots.cpu', 'engine.cpu', 'mem.used', 'disk.read_bps', 'net.tx_bps', 'disk.write_ops', 'gpu.0.power', 'load.1', 'cost.monthly'])
      expect(metricRange(m), m).toEqual({ min: 0, max: MAX_METRIC_VALUE })
    expect(metricRange('gpu.1.temp')).toEqual({ min: -273.15, max: MAX_METRIC_VALUE })
    expect(metricRange('cpu.totl')).toBeNull()
  })

  it('a bucket of a million of the largest values still sums to a finite number', () => {
    expect(Number.isFinite(MAX_METRIC_VALUE * 1e6 * 60)).toBe(true)
  })
})
