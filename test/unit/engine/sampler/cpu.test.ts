import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CpuCollector, cpuShare, parseLoadavg, parseProcStat } from '../../../../electron/engine/sampler/linux/cpu.ts'
import { tempDir } from '../../../helpers/temp.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/proc')
const read = (p: string): string => fs.readFileSync(path.join(FIX, p), 'latin1')

describe('parseProcStat', () => {
  it('reads the aggregate and per-core lines of a real /proc/stat', () => {
    const text = read('vm/stat')
    const st = parseProcStat(text)
    const cpuLine = text.split('\n')[0].split(/\s+/).slice(1).map(Number)
    expect(st.total.user).toBe(cpuLine[0] + cpuLine[1])
    expect(st.total.system).toBe(cpuLine[2] + cpuLine[5] + cpuLine[6])
    expect(st.total.idle).toBe(cpuLine[3])
    expect(st.total.iowait).toBe(cpuLine[4])
    expect(st.total.steal).toBe(cpuLine[7])
    expect(st.cores).toHaveLength(text.split('\n').filter((l) => /^cpu\d+ /.test(l)).length)
    // per-core counters add up to the aggregate, within the kernel's per-core rounding of a jiffy
    const sumUser = st.cores.reduce((t, c) => t + (c?.user ?? 0), 0)
    expect(Math.abs(sumUser - st.total.user)).toBeLessThanOrEqual(st.cores.length)
  })

  it('keeps core numbers when a core is offline', () => {
    const st = parseProcStat('cpu  10 0 10 80 0 0 0 0 0 0\ncpu0 5 0 5 40 0 0 0 0 0 0\ncpu2 5 0 5 40 0 0 0 0 0 0\nintr 1\n')
    expect(st.cores).toHaveLength(3)
    expect(st.cores[1]).toBeNull()
    expect(st.cores[2]?.all).toBe(50)
  })

  it('rejects text without a cpu line', () => {
    expect(() => parseProcStat('intr 0\n')).toThrow(/cpu/)
  })
})

describe('cpuShare', () => {
  const t0 = parseProcStat(read('ws-t0/stat'))
  const t1 = parseProcStat(read('ws-t1/stat'))

  it('splits the aggregate delta: user+nice, system+irq+softirq, iowait, steal; busy excludes iowait', () => {
    const s = cpuShare(t0.total, t1.total)
    // 500 jiffies elapsed: user 120+30, system 40+5+15, iowait 10, steal 5 (guest ignored)
    expect(s.user).toBeCloseTo(30, 10)
    expect(s.system).toBeCloseTo(12, 10)
    expect(s.iowait).toBeCloseTo(2, 10)
    expect(s.steal).toBeCloseTo(1, 10)
    expect(s.total).toBeCloseTo(43, 10)
  })

  it('computes each core on its own', () => {
    const cores = t1.cores.map((c, i) => cpuShare(t0.cores[i], c).total)
    expect(cores[0]).toBeCloseTo(100, 10)
    expect(cores[1]).toBe(0)
    expect(cores[2]).toBeCloseTo(68, 10)
    expect(cores[3]).toBeCloseTo(4, 10)
  })

  it('reports zeros without a previous reading or when counters did not advance or went back', () => {
    expect(cpuShare(null, t1.total).total).toBe(0)
    expect(cpuShare(t1.total, t1.total)).toEqual({ total: 0, user: 0, system: 0, iowait: 0, steal: 0 })
    expect(cpuShare(t1.total, t0.total).total).toBe(0)
  })
})

describe('parseLoadavg', () => {
  it('reads the three averages', () => {
    expect(parseLoadavg(read('ws-t0/loadavg'))).toEqual([1.52, 0.98, 0.61])
    const real = parseLoadavg(read('vm/loadavg'))
    expect(real.every((v) => Number.isFinite(v) && v >= 0)).toBe(true)
    expect(parseLoadavg('garbage')).toEqual([0, 0, 0])
  })
})

describe('CpuCollector', () => {
  let dir = ''
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('reports zeros first, then the shares between two reads of the same (kept open) files', () => {
    dir = tempDir('gw-cpu-')
    const put = (snap: string): void => {
      for (const f of ['stat', 'loadavg']) fs.writeFileSync(path.join(dir, f), read(`${snap}/${f}`))
    }
    put('ws-t0')
    const c = new CpuCollector(dir)
    const first = c.collect()
    expect(first.total).toBe(0)
    expect(first.cores).toEqual([0, 0, 0, 0])
    expect(first.load).toEqual([1.52, 0.98, 0.61])
    put('ws-t1')
    const second = c.collect()
    expect(second.total).toBeCloseTo(43, 10)
    expect(second.cores.map((v) => Math.round(v))).toEqual([100, 0, 68, 4])
    expect(second.load).toEqual([1.6, 1.01, 0.62])
    c.close()
  })
})
