import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DiskCollector, diskRates, isWholeDisk, parseDiskstats } from '../../../../electron/engine/sampler/linux/disks.ts'
import { tempDir } from '../../../helpers/temp.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/proc')
const read = (p: string): string => fs.readFileSync(path.join(FIX, p), 'latin1')
const MiB = 1024 * 1024

describe('whole-disk filter', () => {
  it.each(['sda', 'sdab', 'hdb', 'vda', 'xvdf', 'nvme0n1', 'nvme12n3', 'mmcblk0'])('counts %s', (name) => {
    expect(isWholeDisk(name)).toBe(true)
  })
  it.each(['sda1', 'nvme0n1p1', 'mmcblk0p1', 'mmcblk0boot0', 'vda2', 'dm-0', 'md0', 'loop0', 'ram0', 'zram0', 'sr0', 'nbd0'])(
    'skips %s',
    (name) => {
      expect(isWholeDisk(name)).toBe(false)
    },
  )
})

describe('parseDiskstats', () => {
  it('keeps only vda on this machine (loop and zram skipped), with sectors × 512', () => {
    const text = read('vm/diskstats')
    const disks = parseDiskstats(text)
    expect(disks.map((d) => d.name)).toEqual(['vda'])
    const f = text.split('\n').find((l) => / vda /.test(l))?.trim().split(/\s+/) ?? []
    expect(disks[0]).toEqual({
      name: 'vda',
      readOps: Number(f[3]),
      readBytes: Number(f[5]) * 512,
      writeOps: Number(f[7]),
      writeBytes: Number(f[9]) * 512,
    })
  })

  it('keeps nvme0n1, sda and mmcblk0 from a workstation, not their partitions nor dm/md/loop/zram/sr', () => {
    expect(parseDiskstats(read('ws-t0/diskstats')).map((d) => d.name)).toEqual(['nvme0n1', 'sda', 'mmcblk0'])
  })
})

describe('disk rates', () => {
  const t0 = new Map(parseDiskstats(read('ws-t0/diskstats')).map((d) => [d.name, d]))
  const t1 = parseDiskstats(read('ws-t1/diskstats'))

  it('sums whole-disk deltas over the elapsed seconds', () => {
    // over 2 s: nvme 20 MiB + sda 1 MiB read; nvme 4 MiB + mmc 40 KiB written; 220 reads, 110 writes
    expect(diskRates(t0, t1, 2)).toEqual({
      readBps: (21 * MiB) / 2,
      writeBps: (4 * MiB + 40 * 1024) / 2,
      readOps: 110,
      writeOps: 55,
    })
  })

  it('reports zeros on the first reading, and ignores counters that went back', () => {
    expect(diskRates(null, t1, 2)).toEqual({ readBps: 0, writeBps: 0, readOps: 0, writeOps: 0 })
    const back = new Map(t1.map((d) => [d.name, d]))
    expect(diskRates(back, [...t0.values()], 2)).toEqual({ readBps: 0, writeBps: 0, readOps: 0, writeOps: 0 })
  })

  let dir = ''
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('DiskCollector divides by the real time between its reads', () => {
    dir = tempDir('gw-disk-')
    let now = 1000
    fs.writeFileSync(path.join(dir, 'diskstats'), read('ws-t0/diskstats'))
    const c = new DiskCollector(dir, () => now)
    expect(c.collect().readBps).toBe(0)
    fs.writeFileSync(path.join(dir, 'diskstats'), read('ws-t1/diskstats'))
    now += 4000
    expect(c.collect()).toEqual({ readBps: (21 * MiB) / 4, writeBps: (4 * MiB + 40 * 1024) / 4, readOps: 55, writeOps: 27.5 })
    c.close()
  })
})
