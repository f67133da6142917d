import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MemoryCollector, memoryFromMeminfo, parseMeminfo } from '../../../../electron/engine/sampler/linux/memory.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/proc')
const KiB = 1024

describe('memory from /proc/meminfo', () => {
  it('parses kB fields into bytes and unit-less fields as they are', () => {
    const m = parseMeminfo(fs.readFileSync(path.join(FIX, 'ws-t0/meminfo'), 'latin1'))
    expect(m.get('MemTotal')).toBe(32768000 * KiB)
    expect(m.get('HugePages_Total')).toBe(0)
    expect(m.get('Hugepagesize')).toBe(2048 * KiB)
  })

  it('derives used = total − available, cached = Cached + SReclaimable, swap used', () => {
    const r = new MemoryCollector(path.join(FIX, 'ws-t0')).collect()
    expect(r).toEqual({
      totalBytes: 32768000 * KiB,
      usedBytes: (32768000 - 20480000) * KiB,
      availableBytes: 20480000 * KiB,
      cachedBytes: (14000000 + 1000000) * KiB,
      swapUsedBytes: (8388604 - 8126460) * KiB,
      swapTotalBytes: 8388604 * KiB,
    })
  })

  it('reads the real meminfo of this machine consistently', () => {
    const text = fs.readFileSync(path.join(FIX, 'vm/meminfo'), 'latin1')
    const kb = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]) * KiB
    const r = memoryFromMeminfo(parseMeminfo(text))
    expect(r.totalBytes).toBe(kb('MemTotal'))
    expect(r.availableBytes).toBe(kb('MemAvailable'))
    expect(r.usedBytes + r.availableBytes).toBe(r.totalBytes)
    expect(r.cachedBytes).toBe(kb('Cached') + kb('SReclaimable'))
    expect(r.swapTotalBytes).toBe(kb('SwapTotal'))
  })

  it('estimates available on kernels without MemAvailable', () => {
    const r = memoryFromMeminfo(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 200 kB\nSReclaimable: 20 kB\n'))
    expect(r.availableBytes).toBe(330 * KiB)
    expect(r.usedBytes).toBe(670 * KiB)
  })

  it('fails loudly on a file without MemTotal', () => {
    expect(() => memoryFromMeminfo(parseMeminfo('Foo: 1 kB\n'))).toThrow(/MemTotal/)
  })
})
