// The in-place /proc/stat and /proc/loadavg parsers equal the string parsers they replaced, on the
// fixtures, on generated kernel-like text and on arbitrary text (a field that is not plain digits goes
// through Number(), as in the string parsers).
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseLoadavg, parseLoadavgBytes, parseProcStat, parseProcStatBytes } from '../../../../electron/engine/sampler/linux/cpu.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/proc')
const bytes = (text: string): Buffer => Buffer.from(text, 'latin1')

/** The result of a parser, or the message of what it throws. */
function outcome<T>(f: () => T): T | string {
  try {
    return f()
  } catch (e) {
    return (e as Error).message
  }
}
const viaText = (text: string) => outcome(() => parseProcStat(text))
const viaBytes = (text: string) => outcome(() => parseProcStatBytes(bytes(text), bytes(text).length))

const spaces = fc.constantFrom(' ', '  ', '   ')
const counter = fc.oneof({ weight: 8, arbitrary: fc.nat({ max: 2 ** 40 }).map(String) }, fc.constantFrom('x', '12x', '007', '0x1f', '1e3', '-5', '+5', '1.5', '\t5', '5\r'))
const label = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: 70 }).map((n) => `cpu${n}`) },
  { weight: 2, arbitrary: fc.constant('cpu') },
  fc.constantFrom('cpu007', 'cpu1.0', 'cpu-1', 'cpux', 'cpu5000', 'cpu1e3', 'cp', 'intr', 'ctxt', 'btime', ''),
)
const statLine = fc
  .tuple(label, fc.array(fc.tuple(spaces, counter), { maxLength: 11 }), fc.constantFrom('', ' '))
  .map(([l, fs_, tail]) => l + fs_.map(([s, v]) => s + v).join('') + tail)
const statText = fc.tuple(fc.array(statLine, { maxLength: 12 }), fc.boolean()).map(([ls, nl]) => ls.join('\n') + (nl ? '\n' : ''))
/** As the kernel writes it: `cpu`, then cpuN in order (some offline), then the other lines. */
const kernelStat = fc
  .tuple(fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), fc.array(fc.nat({ max: 2 ** 40 }), { minLength: 10, maxLength: 10 }))
  .map(([online, v]) => {
    const line = (l: string) => `${l} ${v.join(' ')}`
    const cores = online.flatMap((on, i) => (on ? [line(`cpu${i}`)] : []))
    return [line('cpu '), ...cores, 'intr 123 0 9 0', 'ctxt 98', 'btime 17', 'processes 4', ''].join('\n')
  })

describe('parseProcStatBytes', () => {
  it.each(['vm/stat', 'ws-t0/stat', 'ws-t1/stat'])('gives what parseProcStat gives for %s', (f) => {
    const text = fs.readFileSync(path.join(FIX, f), 'latin1')
    expect(viaBytes(text)).toEqual(viaText(text))
    expect(typeof viaBytes(text)).toBe('object')
  })

  it('gives the same counters as parseProcStat on generated kernel-like /proc/stat', () => {
    fc.assert(fc.property(kernelStat, (text) => {
      const r = viaBytes(text)
      expect(typeof r).toBe('object')
      expect(r).toEqual(viaText(text))
    }), { numRuns: 1000 })
  })

  it('gives the same result or error as parseProcStat on generated text with odd labels and fields', () => {
    fc.assert(fc.property(statText, (text) => {
      expect(viaBytes(text)).toEqual(viaText(text))
    }), { numRuns: 3000 })
  })

  it('gives the same result or error as parseProcStat on any text', () => {
    const text = fc.array(fc.oneof(fc.constantFrom('cpu', 'cpu0', ' ', '\n', '1', '23'), fc.string({ maxLength: 6 })), { maxLength: 30 }).map((p) => p.join(''))
    fc.assert(fc.property(text, (t) => {
      expect(viaBytes(t)).toEqual(viaText(t))
    }), { numRuns: 3000 })
  })
})

describe('parseLoadavgBytes', () => {
  const same = (text: string): void => {
    expect(parseLoadavgBytes(bytes(text), bytes(text).length)).toEqual(parseLoadavg(text))
  }

  it.each(['vm/loadavg', 'ws-t0/loadavg', 'ws-t1/loadavg'])('gives what parseLoadavg gives for %s', (f) => {
    same(fs.readFileSync(path.join(FIX, f), 'latin1'))
  })

  it('gives the same averages as parseLoadavg on generated /proc/loadavg', () => {
    const avg = fc.tuple(fc.nat({ max: 100_000 }), fc.nat({ max: 99 })).map(([i, f]) => `${i}.${String(f).padStart(2, '0')}`)
    const text = fc
      .tuple(avg, avg, avg, fc.nat(), fc.nat(), fc.nat(), fc.constantFrom('\n', '', ' \n'))
      .map(([a, b, c, r, t, p, end]) => `${a} ${b} ${c} ${r}/${t} ${p}${end}`)
    fc.assert(fc.property(text, (t) => {
      const v = parseLoadavgBytes(bytes(t), bytes(t).length)
      expect(v).toEqual(parseLoadavg(t))
      expect(v.every((x) => x > 0 || x === 0)).toBe(true)
    }), { numRuns: 3000 })
  })

  it('gives the same as parseLoadavg on odd and arbitrary text', () => {
    const field = fc.oneof(
      fc.double({ noNaN: true, min: 0, max: 1e6 }).map(String),
      fc.constantFrom('', '1.', '.5', '.', '00.50', '1.2.3', '+1', '-0', '1e3', 'Infinity', 'NaN', '0x10', '3/157', '1\n', '\n', '12345678901234567', '1234567890.1234567', '9007199254740993', '9999999999999999', '0.123456789012345'),
      fc.string({ maxLength: 5 }),
    )
    const text = fc.array(field, { maxLength: 5 }).map((fs_) => fs_.join(' '))
    fc.assert(fc.property(text, (t) => {
      same(t)
    }), { numRuns: 3000 })
  })
})
