import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FilesystemCollector, parseMounts, realMounts } from '../../../../electron/engine/sampler/linux/filesystems.ts'
import type { StatfsLike } from '../../../../electron/engine/sampler/linux/filesystems.ts'
import { filesystemUsedPct, type Sample } from '../../../../shared/sample.ts'
import { derivedMetricsOf } from '../../../../shared/alerts.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/proc')
const read = (p: string): string => fs.readFileSync(path.join(FIX, p), 'utf8')

describe('mounts', () => {
  it('unescapes octal sequences in mount points', () => {
    const m = parseMounts(read('ws-t0/mounts')).find((e) => e.device === '/dev/sda1')
    expect(m).toEqual({ device: '/dev/sda1', mount: '/mnt/market data', type: 'xfs' })
  })

  it('keeps local on-disk filesystems once per device; drops pseudo, network, overlay, squashfs', () => {
    expect(realMounts(parseMounts(read('ws-t0/mounts')))).toEqual([
      { device: '/dev/nvme0n1p2', mount: '/', type: 'ext4' },
      { device: '/dev/nvme0n1p1', mount: '/boot/efi', type: 'vfat' },
      { device: '/dev/sda1', mount: '/mnt/market data', type: 'xfs' },
      { device: '/dev/mmcblk0p1', mount: '/media/trader/SD', type: 'exfat' },
    ])
  })

  it('finds the root filesystem in this machine’s real mounts', () => {
    const real = realMounts(parseMounts(read('vm/mounts')))
    expect(real.map((m) => m.mount)).toEqual(['/'])
  })

  it('always keeps the root mount, even an overlay (containers)', () => {
    expect(realMounts(parseMounts('overlay / overlay rw 0 0\nproc /proc proc rw 0 0\n'))).toEqual([
      { device: 'overlay', mount: '/', type: 'overlay' },
    ])
  })
})

describe('FilesystemCollector', () => {
  it('sizes each mount with statfs: size = blocks × bsize, used = (blocks − bfree) × bsize', () => {
    const calls: string[] = []
    const statfs = (mount: string): StatfsLike => {
      calls.push(mount)
      if (mount === '/media/trader/SD') throw new Error('EACCES')
      return mount === '/' ? { bsize: 4096, blocks: 1000, bfree: 250, bavail: 200 } : { bsize: 512, blocks: 10, bfree: 10, bavail: 10 }
    }
    const out = new FilesystemCollector(path.join(FIX, 'ws-t0'), statfs).collect()
    expect(calls).toEqual(['/', '/boot/efi', '/mnt/market data', '/media/trader/SD'])
    expect(out).toEqual([
      { mount: '/', device: '/dev/nvme0n1p2', type: 'ext4', sizeBytes: 4096000, usedBytes: 3072000, availableBytes: 819200 },
      { mount: '/boot/efi', device: '/dev/nvme0n1p1', type: 'vfat', sizeBytes: 5120, usedBytes: 0, availableBytes: 5120 },
      { mount: '/mnt/market data', device: '/dev/sda1', type: 'xfs', sizeBytes: 5120, usedBytes: 0, availableBytes: 5120 },
    ])
  })

  it('counts used % as df does, so the blocks reserved for root count as full (F0c)', () => {
    // The review's machine: ext4 with most of the disk reserved (resv_strict); df says 25 %.
    const big: StatfsLike = { bsize: 4096, blocks: 66053021, bfree: 59463625, bavail: 20008332 }
    // An ordinary 5 % reserve: 90 % of the blocks used is 94.7 % of what a normal process can use.
    const usual: StatfsLike = { bsize: 4096, blocks: 1_000_000, bfree: 100_000, bavail: 50_000 }
    const out = new FilesystemCollector(path.join(FIX, 'ws-t0'), (m) => (m === '/' ? big : usual)).collect()
    const root = out.find((f) => f.mount === '/')!
    expect(root.availableBytes).toBe(20008332 * 4096)
    expect(root.usedBytes).toBe((66053021 - 59463625) * 4096)
    expect(Math.ceil(filesystemUsedPct(root))).toBe(25) // df rounds up: 24.77 → 25 %
    expect(filesystemUsedPct(out[1])).toBeCloseTo((900_000 / 950_000) * 100, 6)
    const sample = { filesystems: out, memory: { totalBytes: 0, swapTotalBytes: 0 } } as unknown as Sample
    expect(derivedMetricsOf(sample)).toEqual([['fs.used_pct_max', filesystemUsedPct(out[1])]])
    // full for a normal process (bavail 0) is 100 %, though root could still write
    expect(filesystemUsedPct({ mount: '/', device: 'd', type: 'ext4', sizeBytes: 100, usedBytes: 95, availableBytes: 0 })).toBe(100)
    // an engine of an older version sends no availableBytes: used / size as before
    expect(filesystemUsedPct({ mount: '/', device: 'd', type: 'ext4', sizeBytes: 200, usedBytes: 50 })).toBe(25)
  })

  it('uses the real statfs by default', () => {
    const out = new FilesystemCollector('/proc').collect()
    const root = out.find((f) => f.mount === '/')
    expect(root).toBeDefined()
    expect(root?.sizeBytes).toBeGreaterThan(0)
    expect(root?.usedBytes).toBeLessThanOrEqual(root?.sizeBytes ?? 0)
  })
})
