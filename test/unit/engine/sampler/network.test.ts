import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkCollector, networkRates, parseNetDev } from '../../../../electron/engine/sampler/linux/network.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/proc')
const read = (p: string): string => fs.readFileSync(path.join(FIX, p), 'latin1')

describe('parseNetDev', () => {
  it('reads rx/tx bytes of every interface but lo from a real /proc/net/dev', () => {
    const text = read('vm/net/dev')
    const ifs = parseNetDev(text)
    expect(ifs.map((i) => i.name)).not.toContain('lo')
    const eth0 = text.split('\n').find((l) => l.trim().startsWith('eth0:'))?.split(':')[1].trim().split(/\s+/) ?? []
    expect(ifs.find((i) => i.name === 'eth0')).toEqual({ name: 'eth0', rxBytes: Number(eth0[0]), txBytes: Number(eth0[8]) })
  })

  it('accepts the old format without a space after the colon', () => {
    expect(parseNetDev('  eth0:1234 5 0 0 0 0 0 0 4321 6 0 0 0 0 0 0\n')).toEqual([{ name: 'eth0', rxBytes: 1234, txBytes: 4321 }])
  })
})

describe('network rates', () => {
  const t0 = new Map(parseNetDev(read('ws-t0/net/dev')).map((i) => [i.name, i]))
  const t1 = parseNetDev(read('ws-t1/net/dev'))

  it('computes bytes/s per interface and in total; a new interface starts at 0', () => {
    const r = networkRates(t0, t1, 2)
    expect(r.interfaces).toEqual([
      { name: 'eth0', rxBps: 1_000_000, txBps: 250_000 },
      { name: 'wlan0', rxBps: 0, txBps: 0 },
      { name: 'docker0', rxBps: 500, txBps: 1000 },
      { name: 'tun0', rxBps: 0, txBps: 0 },
    ])
    expect(r.rxBps).toBe(1_000_500)
    expect(r.txBps).toBe(251_000)
  })

  it('lists interfaces with zero rates on the first reading', () => {
    const r = networkRates(null, t1, 2)
    expect(r.rxBps).toBe(0)
    expect(r.interfaces.map((i) => i.name)).toEqual(['eth0', 'wlan0', 'docker0', 'tun0'])
  })

  let dir = ''
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('NetworkCollector reads <procRoot>/net/dev and uses its clock', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-net-'))
    fs.mkdirSync(path.join(dir, 'net'))
    const file = path.join(dir, 'net', 'dev')
    let now = 0
    fs.writeFileSync(file, read('ws-t0/net/dev'))
    const c = new NetworkCollector(dir, () => now)
    expect(c.collect().rxBps).toBe(0)
    fs.writeFileSync(file, read('ws-t1/net/dev'))
    now = 500
    expect(c.collect()).toMatchObject({ rxBps: 4_002_000, txBps: 1_004_000 })
    c.close()
  })
})
