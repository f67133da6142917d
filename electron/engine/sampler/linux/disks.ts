// Disk throughput from /proc/diskstats.
//
// Only whole physical (or paravirtual) disks are summed: sdX, hdX, vdX, xvdX, nvmeXnY, mmcblkX.
// Partitions (sda1, nvme0n1p1, mmcblk0p1) would count the same I/O twice, and so would stacked
// devices (dm-*, md*: LVM, LUKS, RAID sit on top of the disks); loop, ram, zram and sr are not disks.
// Sector counts are always in 512-byte units in this file, whatever the device's sector size.
// Rates are per-device deltas over the real time between reads, summed; a device that appears or
// disappears between reads contributes nothing that tick.
import path from 'node:path'
import type { Sample } from '../../../../shared/sample.ts'
import { fieldsOf, perSecond } from './rates.ts'
import { decimalOf, isSpace, lineEnd } from './bytes.ts'
import { NamedRows, RowsCollector, advance, type TwoReads } from './proc-rows.ts'

export type DiskReading = Sample['disk']

export interface DiskCounters {
  name: string
  readOps: number
  readBytes: number
  writeOps: number
  writeBytes: number
}

export const WHOLE_DISK = /^(?:sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+n\d+|mmcblk\d+)$/

export function isWholeDisk(name: string): boolean {
  return WHOLE_DISK.test(name)
}

/** Parses /proc/diskstats, keeping whole disks only. */
export function parseDiskstats(text: string): DiskCounters[] {
  const out: DiskCounters[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const f = fieldsOf(line)
    const name = f[2]
    if (name === undefined || f.length < 10 || !isWholeDisk(name)) continue
    out.push({
      name,
      readOps: Number(f[3]),
      readBytes: Number(f[5]) * 512,
      writeOps: Number(f[7]),
      writeBytes: Number(f[9]) * 512,
    })
  }
  return out
}

export function diskRates(prev: ReadonlyMap<string, DiskCounters> | null, cur: DiskCounters[], seconds: number): DiskReading {
  const r: DiskReading = { readBps: 0, writeBps: 0, readOps: 0, writeOps: 0 }
  if (prev === null) return r
  for (const d of cur) {
    const p = prev.get(d.name)
    if (p === undefined) continue
    r.readBps += perSecond(p.readBytes, d.readBytes, seconds)
    r.writeBps += perSecond(p.writeBytes, d.writeBytes, seconds)
    r.readOps += perSecond(p.readOps, d.readOps, seconds)
    r.writeOps += perSecond(p.writeOps, d.writeOps, seconds)
  }
  return r
}

/** One device line of /proc/diskstats, kept across reads and updated in place. */
export interface DiskDevice extends TwoReads<DiskCounters> {
  /** The device name's bytes, compared in place against each line. */
  readonly key: Buffer
  readonly name: string
  readonly whole: boolean
}

/**
 * Devices of /proc/diskstats across reads: parseDiskstats for the bytes in place. A name is decoded
 * and tested against WHOLE_DISK once, when the device first appears; its counters are parsed only
 * when it is a whole disk. `disks` lists the whole disks of the last read in file order.
 */
export class DiskTable {
  readonly disks: DiskDevice[] = []
  private readonly devices = new NamedRows<DiskDevice>((key, name) => {
    const zero = (): DiskCounters => ({ name, readOps: 0, readBytes: 0, writeOps: 0, writeBytes: 0 })
    return { key, name, whole: isWholeDisk(name), cur: zero(), prev: zero(), curRead: -1, prevRead: -1 }
  })
  private read = 0

  parse(buf: Uint8Array, n: number): DiskDevice[] {
    const read = ++this.read
    this.disks.length = 0
    this.devices.restart()
    for (let start = 0; start < n; ) {
      const end = lineEnd(buf, start, n)
      // Field bounds: up to 10 fields are needed (name is field 2, write sectors field 9).
      let count = 0
      let nameA = 0
      let nameB = 0
      let i = start
      const bounds = this.bounds
      while (i < end && count < 10) {
        while (i < end && isSpace(buf[i])) i++
        if (i >= end) break
        const a = i
        while (i < end && !isSpace(buf[i])) i++
        bounds[2 * count] = a
        bounds[2 * count + 1] = i
        if (count === 2) {
          nameA = a
          nameB = i
        }
        count++
      }
      if (count >= 10) {
        const d = this.devices.find(buf, nameA, nameB)
        if (d.whole) {
          const c = advance(d, read)
          c.readOps = decimalOf(buf, bounds[6], bounds[7])
          c.readBytes = decimalOf(buf, bounds[10], bounds[11]) * 512
          c.writeOps = decimalOf(buf, bounds[14], bounds[15])
          c.writeBytes = decimalOf(buf, bounds[18], bounds[19]) * 512
          this.disks.push(d)
        }
      }
      start = end + 1
    }
    return this.disks
  }

  /** Rates of the whole disks read now against the previous read (diskRates). */
  rates(seconds: number): DiskReading {
    const r: DiskReading = { readBps: 0, writeBps: 0, readOps: 0, writeOps: 0 }
    for (let k = 0; k < this.disks.length; k++) {
      const d = this.disks[k]
      if (d.prevRead !== this.read - 1) continue
      r.readBps += perSecond(d.prev.readBytes, d.cur.readBytes, seconds)
      r.writeBps += perSecond(d.prev.writeBytes, d.cur.writeBytes, seconds)
      r.readOps += perSecond(d.prev.readOps, d.cur.readOps, seconds)
      r.writeOps += perSecond(d.prev.writeOps, d.cur.writeOps, seconds)
    }
    return r
  }

  private readonly bounds = new Int32Array(20)
}

/** Disk throughput from <procRoot>/diskstats. */
export class DiskCollector extends RowsCollector<DiskReading> {
  constructor(procRoot: string, now?: () => number) {
    super(path.join(procRoot, 'diskstats'), new DiskTable(), now)
  }
}
