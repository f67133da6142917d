// The in-place byte parsers equal the string parsers they replaced, on the fixtures and on generated
// /proc-like text (decimal values, as the kernel writes them; names and spacing vary).
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DiskTable, diskRates, parseDiskstats } from '../../../../electron/engine/sampler/linux/disks.ts'
import { NetTable, networkRates, parseNetDev } from '../../../../electron/engine/sampler/linux/network.ts'
import {
  MEMINFO_KEYS,
  memoryFromFields,
  memoryFromMeminfo,
  meminfoFields,
  parseMeminfo,
  parseMeminfoBytes,
} from '../../../../electron/engine/sampler/linux/memory.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/proc')
const bytes = (text: string): Buffer => Buffer.from(text, 'latin1')

/** What memoryFromMeminfo gives, or the error message it throws. */
function viaMap(text: string): unknown {
  try {
    return memoryFromMeminfo(parseMeminfo(text))
  } catch (e) {
    return (e as Error).message
  }
}
function viaBytes(text: string): unknown {
  try {
    const b = bytes(text)
    return memoryFromFields(parseMeminfoBytes(b, b.length, meminfoFields()))
  } catch (e) {
    return (e as Error).message
  }
}

const blank = fc.constantFrom(' ', '  ', '\t', ' \t ', '')
const name = fc.oneof(fc.constantFrom(...MEMINFO_KEYS, 'Active', 'HugePages_Total', 'Mem', 'MemTotalX'), fc.stringMatching(/^[A-Za-z_()]{1,12}$/))
const value = fc.oneof(fc.nat({ max: 2 ** 40 }).map(String), fc.constantFrom('', 'x', '12x', '007'))
const unit = fc.constantFrom(' kB', '', ' kB ', ' MB', 'kB')
const meminfoLine = fc.oneof(
  fc.tuple(name, blank, value, unit).map(([n, s, v, u]) => `${n}:${s}${v}${u}`),
  fc.constantFrom('', 'garbage', ':5 kB', 'MemTotal 5 kB'),
)
const meminfoText = fc.tuple(fc.array(meminfoLine, { maxLength: 30 }), fc.boolean()).map(([ls, nl]) => ls.join('\n') + (nl ? '\n' : ''))

describe('parseMeminfoBytes', () => {
  it.each(['vm/meminfo', 'ws-t0/meminfo', 'ws-t1/meminfo'])('gives the reading parseMeminfo gives for %s', (f) => {
    const text = fs.readFileSync(path.join(FIX, f), 'latin1')
    expect(viaBytes(text)).toEqual(viaMap(text))
    expect(typeof viaBytes(text)).toBe('object')
  })

  it('gives the same reading (or error) as parseMeminfo on generated meminfo text', () => {
    fc.assert(fc.property(meminfoText, (text) => {
          expect(viaBytes(text)).toEqual(viaMap(text))
        }), { numRuns: 2000 })
  })

  it('gives the same reading when the required fields are present with any values and order', () => {
    const required = fc.record(Object.fromEntries(MEMINFO_KEYS.map((k) => [k, fc.nat({ max: 2 ** 36 })])) as Record<(typeof MEMINFO_KEYS)[number], fc.Arbitrary<number>>)
    const text = fc
      .tuple(required, fc.array(meminfoLine, { maxLength: 10 }))
      .chain(([r, extra]) => fc.shuffledSubarray([...Object.entries(r).map(([k, v]) => `${k}:  ${v} kB`), ...extra], { minLength: 1 }))
      .map((ls) => ls.join('\n') + '\n')
    fc.assert(fc.property(text, (t) => {
          expect(viaBytes(t)).toEqual(viaMap(t))
        }), { numRuns: 1000 })
  })
})

const devName = fc.oneof(
  fc.constantFrom('sda', 'sda1', 'sdb', 'nvme0n1', 'nvme0n1p2', 'vda', 'xvdf', 'mmcblk0', 'mmcblk0p1', 'dm-0', 'md0', 'loop3', 'zram0', 'sr0'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
)
const counter = fc.oneof(fc.nat({ max: 2 ** 40 }).map(String), fc.constant('x'))
const sep = fc.constantFrom(' ', '  ', '\t', '   ')
/** A diskstats line with 4–20 fields after major/minor/name. */
function diskLine(n: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('', '   ', ' '), fc.array(fc.tuple(sep, counter), { minLength: 4, maxLength: 17 }), sep)
    .map(([lead, fields, s]) => `${lead}8${s}0${s}${n}${fields.map(([a, b]) => a + b).join('')}`)
}
/** Reads of one diskstats file: distinct device names per read, some appearing or vanishing. */
const diskReads = fc.uniqueArray(devName, { minLength: 0, maxLength: 8 }).chain((names) =>
  fc.array(
    fc.subarray(names).chain((ns) => fc.tuple(...ns.map(diskLine)).map((ls) => ls.join('\n') + '\n')),
    { minLength: 1, maxLength: 5 },
  ),
)

describe('DiskTable', () => {
  it('lists the whole disks parseDiskstats lists, and the same rates read after read, on generated input', () => {
    fc.assert(
      fc.property(diskReads, fc.double({ min: 0.1, max: 10, noNaN: true }), (reads, seconds) => {
        const table = new DiskTable()
        let prev: Map<string, ReturnType<typeof parseDiskstats>[number]> | null = null
        for (const text of reads) {
          const old = parseDiskstats(text)
          const b = bytes(text)
          const disks = table.parse(b, b.length)
          expect(disks.map((d) => d.cur)).toEqual(old)
          expect(table.rates(seconds)).toEqual(diskRates(prev, old, seconds))
          prev = new Map(old.map((d) => [d.name, d]))
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('equals parseDiskstats on the fixtures, with rates between the two workstation snapshots', () => {
    const t0 = fs.readFileSync(path.join(FIX, 'ws-t0/diskstats'), 'latin1')
    const t1 = fs.readFileSync(path.join(FIX, 'ws-t1/diskstats'), 'latin1')
    const table = new DiskTable()
    expect(table.parse(bytes(t0), bytes(t0).length).map((d) => d.cur)).toEqual(parseDiskstats(t0))
    expect(table.parse(bytes(t1), bytes(t1).length).map((d) => d.cur)).toEqual(parseDiskstats(t1))
    const old = diskRates(new Map(parseDiskstats(t0).map((d) => [d.name, d])), parseDiskstats(t1), 2)
    expect(table.rates(2)).toEqual(old)
    expect(old.readBps).toBeGreaterThan(0)
  })
})

const ifName = fc.oneof(fc.constantFrom('lo', 'eth0', 'wlp3s0', 'docker0', 'veth1a2b', 'tun0', 'br-x|y'), fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/))
function netLine(n: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('', '  ', '    '), fc.constantFrom('', ' '), fc.array(fc.tuple(sep, counter), { minLength: 0, maxLength: 16 }))
    .map(([lead, after, fields]) => `${lead}${n}:${after}${fields.map(([a, b]) => a + b).join('').trimStart()}`)
}
const NET_HEADER = 'Inter-|   Receive                            |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets\n'
const netReads = fc.uniqueArray(ifName, { maxLength: 6 }).chain((names) =>
  fc.array(
    fc.subarray(names).chain((ns) => fc.tuple(...ns.map(netLine)).map((ls) => NET_HEADER + ls.join('\n') + '\n')),
    { minLength: 1, maxLength: 5 },
  ),
)

describe('NetTable', () => {
  it('lists the interfaces parseNetDev lists, and the same rates read after read, on generated input', () => {
    fc.assert(
      fc.property(netReads, fc.double({ min: 0.1, max: 10, noNaN: true }), (reads, seconds) => {
        const table = new NetTable()
        let prev: Map<string, ReturnType<typeof parseNetDev>[number]> | null = null
        for (const text of reads) {
          const old = parseNetDev(text)
          const b = bytes(text)
          expect(table.parse(b, b.length).map((f) => f.cur)).toEqual(old)
          expect(table.rates(seconds)).toEqual(networkRates(prev, old, seconds))
          prev = new Map(old.map((i) => [i.name, i]))
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('equals parseNetDev on the fixtures, with rates between the two workstation snapshots', () => {
    const t0 = fs.readFileSync(path.join(FIX, 'ws-t0/net/dev'), 'latin1')
    const t1 = fs.readFileSync(path.join(FIX, 'ws-t1/net/dev'), 'latin1')
    const table = new NetTable()
    expect(table.parse(bytes(t0), bytes(t0).length).map((f) => f.cur)).toEqual(parseNetDev(t0))
    expect(table.parse(bytes(t1), bytes(t1).length).map((f) => f.cur)).toEqual(parseNetDev(t1))
    const old = networkRates(new Map(parseNetDev(t0).map((i) => [i.name, i])), parseNetDev(t1), 2)
    expect(table.rates(2)).toEqual(old)
    expect(old.rxBps).toBeGreaterThan(0)
  })
})
