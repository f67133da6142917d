import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkCollector, networkRates, parseNetDev } from '../../../../electron/engine/sampler/linux/network.ts'
import { busiestInterface, isVirtualInterface } from '../../../../shared/sample.ts'
import { tempDir } from '../../../helpers/temp.ts'

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
    dir = tempDir('gw-net-')
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

describe('busiestInterface', () => {
  const i = (name: string, rxBps: number, txBps = 0) => ({ name, rxBps, txBps })

  it('names the interface with the most traffic, virtual ones included when they carry it', () => {
    expect(busiestInterface([i('eth0', 10), i('wlan0', 500), i('docker0', 100)])?.name).toBe('wlan0')
    expect(busiestInterface([i('eth0', 10), i('veth12ab', 4000, 10)])?.name).toBe('veth12ab')
  })

  it('never names an idle virtual interface (ifb, veth, docker0, br-*) on an idle machine', () => {
    expect(busiestInterface([i('ifb0', 0), i('ifb1', 0), i('veth9f', 0), i('docker0', 0), i('br-3c1d', 0), i('eth0', 0), i('wlan0', 0)])?.name).toBe('eth0')
    expect(busiestInterface([i('ifb0', 0), i('docker0', 0)])).toBeNull()
    expect(busiestInterface([])).toBeNull()
  })

  it('knows virtual from physical names', () => {
    for (const n of ['lo', 'ifb0', 'veth1234', 'docker0', 'br-1a2b', 'virbr0', 'cni0', 'flannel.1', 'cali12', 'vxlan.calico', 'tap0', 'dummy0']) expect(isVirtualInterface(n)).toBe(true)
    for (const n of ['eth0', 'enp3s0', 'wlan0', 'wlp2s0', 'eno1', 'tun0', 'wg0', 'bond0']) expect(isVirtualInterface(n)).toBe(false)
  })
})
