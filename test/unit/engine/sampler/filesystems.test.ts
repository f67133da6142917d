import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FilesystemCollector, parseMounts, realMounts } from '../../../../electron/engine/sampler/linux/filesystems.ts'
import type { StatfsLike } from '../../../../electron/engine/sampler/linux/filesystems.ts'

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
      return mount === '/' ? { bsize: 4096, blocks: 1000, bfree: 250 } : { bsize: 512, blocks: 10, bfree: 10 }
    }
    const out = new FilesystemCollector(path.join(FIX, 'ws-t0'), statfs).collect()
    expect(calls).toEqual(['/', '/boot/efi', '/mnt/market data', '/media/trader/SD'])
    expect(out).toEqual([
      { mount: '/', device: '/dev/nvme0n1p2', type: 'ext4', sizeBytes: 4096000, usedBytes: 3072000 },
      { mount: '/boot/efi', device: '/dev/nvme0n1p1', type: 'vfat', sizeBytes: 5120, usedBytes: 0 },
      { mount: '/mnt/market data', device: '/dev/sda1', type: 'xfs', sizeBytes: 5120, usedBytes: 0 },
    ])
  })

  it('uses the real statfs by default', () => {
    const out = new FilesystemCollector('/proc').collect()
    const root = out.find((f) => f.mount === '/')
    expect(root).toBeDefined()
    expect(root?.sizeBytes).toBeGreaterThan(0)
    expect(root?.usedBytes).toBeLessThanOrEqual(root?.sizeBytes ?? 0)
  })
})
