import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compileGroups } from '../../../../electron/engine/sampler/groups.ts'
import { MAX_HELD_FDS, ProcessCollector, commandOf, detectPageSize, parsePidStat } from '../../../../electron/engine/sampler/linux/processes.ts'
import { tempDir } from '../../../helpers/temp.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/proc')
const PAGE = 4096

function statOf(text: string): ReturnType<typeof parsePidStat> {
  const buf = Buffer.from(text)
  return parsePidStat(buf, buf.length)
}

describe('parsePidStat', () => {
  it('reads comm, ppid, utime+stime, cutime+cstime, starttime and rss from a real /proc/[pid]/stat', () => {
    const text = fs.readFileSync(path.join(FIX, 'vm/22979/stat'), 'latin1')
    const f = text.slice(text.lastIndexOf(')') + 2).trim().split(' ')
    // after the comm: field 3 is f[0], so field n is f[n - 3]
    expect(statOf(text)).toEqual({
      comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')),
      ppid: Number(f[1]),
      ticks: Number(f[11]) + Number(f[12]),
      childTicks: Number(f[13]) + Number(f[14]),
      starttime: Number(f[19]),
      rssPages: Number(f[21]),
    })
  })

  it('handles a comm with spaces and parentheses', () => {
    const rest = 'S 1 1300 1300 0 -1 4194560 15751 0 12 0 7 3 4 2 20 0 1 0 1200 6144000 500 18446744073709551615 1 1 0'
    expect(statOf(`1300 ((sd-pam)) ${rest}`)).toEqual({ comm: '(sd-pam)', ppid: 1, ticks: 10, childTicks: 6, starttime: 1200, rssPages: 500 })
    expect(statOf(`2100 (Web Content) ${rest}`)?.comm).toBe('Web Content')
    expect(statOf(`2100 (a) b) c) ${rest}`)?.comm).toBe('a) b) c')
  })

  it('returns null for truncated text', () => {
    expect(statOf('12 (x) S 1 2 3')).toBeNull()
    expect(statOf('garbage')).toBeNull()
  })
})

describe('commandOf', () => {
  it('joins NUL-separated argv with spaces and drops the trailing NULs', () => {
    const b = Buffer.from('python3\0/opt/algo/run.py\0--live\0\0')
    expect(commandOf(b, b.length)).toBe('python3 /opt/algo/run.py --live')
    expect(commandOf(Buffer.alloc(0), 0)).toBe('')
    const real = fs.readFileSync(path.join(FIX, 'vm/22979/cmdline'))
    expect(commandOf(real, real.length)).toBe('sleep 60')
  })
})

describe('detectPageSize', () => {
  it('finds the page size of this machine without forking', () => {
    // 4 KiB on x86-64, 16 or 64 KiB on some arm64 kernels: ask the system, as a user's machine would.
    expect(detectPageSize()).toBe(Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()))
  })
})

describe('ProcessCollector', () => {
  let dir = ''
  beforeEach(() => {
    dir = tempDir('gw-proc-')
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  /** Makes `dir` look like the snapshot: pid folders of the snapshot only. */
  function load(snapshot: string): void {
    for (const e of fs.readdirSync(dir)) fs.rmSync(path.join(dir, e), { recursive: true })
    fs.cpSync(path.join(FIX, snapshot), dir, { recursive: true })
  }

  function collector(now: () => number, topN = 3): ProcessCollector {
    return new ProcessCollector({ procRoot: dir, pageSize: PAGE, clockTicks: 100, topN, now })
  }

  it('reports every process with zero CPU on the first scan, and ranks memory', () => {
    load('ws-t0')
    const p = collector(() => 0).collect()
    expect(p.total).toBe(9)
    expect(p.topCpu.every((x) => x.cpu === 0)).toBe(true)
    expect(p.topCpu.map((x) => x.pid)).toEqual([1, 2, 812]) // ties → lower pid
    expect(p.topMemory.map((x) => [x.pid, x.rssBytes])).toEqual([
      [1700, 200000 * PAGE],
      [1620, 120000 * PAGE],
      [3000, 90000 * PAGE],
    ])
    expect(p.topMemory[0]).toEqual({
      pid: 1700,
      name: 'IB Gateway',
      command: '/home/trader/Jts/ib-gateway/1030/jbr/bin/java -Xmx768m ibgateway.GWClient',
      cpu: 0,
      rssBytes: 200000 * PAGE,
    })
    expect(p.groups).toEqual([])
  })

  it('computes CPU as a share of one core from tick deltas over real seconds, across exits, new pids and pid reuse', () => {
    load('ws-t0')
    let now = 10_000
    const c = collector(() => now, 20)
    c.collect()
    load('ws-t1')
    now += 2000
    const p = c.collect()
    expect(p.total).toBe(9) // 2100 exited, 4000 appeared
    const cpu = Object.fromEntries(p.topCpu.map((x) => [x.pid, x.cpu]))
    expect(cpu).toEqual({
      1500: 90, // 180 ticks / 100 Hz / 2 s
      1700: 50,
      1620: 30,
      4000: 20, // new since the last scan: all its 40 ticks fall in the window
      812: 15,
      3000: 4, // pid reused by a new process (other start time): its own 8 ticks, not a negative delta
      1: 1,
      2: 0,
      1300: 0,
    })
    expect(p.topCpu.find((x) => x.pid === 3000)).toMatchObject({ name: 'bash', command: '/bin/bash', rssBytes: 1000 * PAGE })
    expect(p.topCpu.find((x) => x.pid === 2)?.command).toBe('[kthreadd]')
    expect(p.topCpu.find((x) => x.pid === 1300)?.name).toBe('(sd-pam)')
  })

  it('keeps each scan result intact when the next scan reuses its per-process state', () => {
    load('ws-t0')
    let now = 10_000
    const c = collector(() => now, 20)
    const first = c.collect()
    const snapshot = structuredClone(first)
    load('ws-t1')
    now += 2000
    const second = c.collect()
    expect(first).toEqual(snapshot)
    expect(second.topCpu.find((x) => x.pid === 1500)?.cpu).toBe(90)
    expect(first.topCpu.find((x) => x.pid === 1500)?.cpu).toBe(0)
  })

  it('sums user groups matched case-insensitively on name or command line', () => {
    load('ws-t0')
    let now = 0
    const c = collector(() => now)
    const { groups, errors } = compileGroups([
      { name: 'strategies', pattern: 'python.*strategy' },
      { name: 'mt5', pattern: 'metatrader' },
      { name: 'ib', pattern: 'ib-gateway' },
      { name: 'bad', pattern: '[unclosed' },
      { name: 'none', pattern: '^zzz$' },
    ])
    expect(errors.map((e) => e.name)).toEqual(['bad'])
    c.setGroups(groups)
    c.collect()
    load('ws-t1')
    now = 2000
    const p = c.collect()
    expect(p.groups).toEqual([
      { name: 'strategies', pattern: 'python.*strategy', count: 2, cpu: 110, rssBytes: 80000 * PAGE, pssBytes: 80000 * PAGE },
      { name: 'mt5', pattern: 'metatrader', count: 1, cpu: 30, rssBytes: 120000 * PAGE, pssBytes: 120000 * PAGE },
      { name: 'ib', pattern: 'ib-gateway', count: 1, cpu: 50, rssBytes: 200000 * PAGE, pssBytes: 200000 * PAGE },
      { name: 'none', pattern: '^zzz$', count: 0, cpu: 0, rssBytes: 0, pssBytes: 0 },
    ])
    // groups changed at runtime: matches are recomputed
    c.setGroups(compileGroups([{ name: 'python', pattern: '^python3$' }]).groups)
    now = 4000
    expect(c.collect().groups).toEqual([{ name: 'python', pattern: '^python3$', count: 2, cpu: 0, rssBytes: 80000 * PAGE, pssBytes: 80000 * PAGE }])
  })

  it('names processes from their command line and masks secrets before a sample holds them', () => {
    load('ws-t0')
    const named = Object.fromEntries(collector(() => 0, 20).collect().topMemory.map((x) => [x.pid, x.name]))
    expect(named).toMatchObject({ 1500: 'python3 momentum_strategy.py', 1620: 'MetaTrader 5', 1700: 'IB Gateway', 812: 'Xorg', 2: 'kthreadd', 3000: 'chrome (renderer)' })
    // a group may name a process as the table shows it
    const shown = collector(() => 0, 20)
    shown.setGroups(compileGroups([{ name: 'ib', pattern: '^IB Gateway$' }, { name: 'mt5', pattern: '^MetaTrader 5$' }]).groups)
    expect(shown.collect().groups.map((g) => [g.name, g.count])).toEqual([
      ['ib', 1],
      ['mt5', 1],
    ])
    load('desk') // stat of a real Node process (comm "MainThread") and recorded cmdlines with secrets
    const c = collector(() => 0, 20)
    const compiled = compileGroups([
      { name: 'feed', pattern: 'server\\.js' },
      { name: 'leak', pattern: 'hunter2|swordfish|s3cr3t|AKIA|p4ss|abc123|eyJ|9f86d0' },
    ])
    c.setGroups(compiled.groups)
    const p = c.collect()
    const rows = Object.fromEntries(p.topMemory.map((x) => [x.pid, x]))
    expect(Object.fromEntries(Object.entries(rows).map(([pid, x]) => [pid, x.name]))).toEqual({
      4100: 'node gapwatch.js',
      4200: 'python3.12 strategy.py',
      4300: 'IC Markets MetaTrader 5',
      4400: 'curl',
      4500: 'node server.js',
      4600: 'java ibcalpha.ibc.IbcTws',
    })
    expect(rows[4100].command).toBe('node bin/gapwatch.js serve --port 80 --token ••••')
    expect(rows[4200].command).toBe('/usr/bin/python3.12 -u /opt/algo/strategy.py --api-key=•••• --venue binance')
    expect(rows[4300].command).toBe('C:\\Program Files\\IC Markets MetaTrader 5\\terminal64.exe /portable /login:5012345 /password:••••')
    expect(rows[4400].command).toBe('curl -H Authorization: Bearer •••• https://trader:••••@feed.example.com/v1/quotes?symbol=EURUSD&token=••••')
    expect(rows[4500].command).toBe('/usr/lib/node_modules/npm/node_modules/.bin/node --max-old-space-size 4096 /srv/feed/server.js PASSWORD=••••')
    expect(rows[4600].command).toBe('/opt/ibc/jre/bin/java -cp /opt/ibc/IBC.jar ibcalpha.ibc.IbcTws --secret ••••')
    // nothing in the whole sample (what WS, IPC, /metrics and the store receive) holds a secret,
    // and a group pattern cannot probe for one
    expect(JSON.stringify([p.topCpu, p.topMemory])).not.toMatch(/hunter2|swordfish|s3cr3t|AKIAIOSF|p4ss|abc123|eyJhbGci|9f86d0/)
    expect(p.groups.map((g) => [g.name, g.count])).toEqual([
      ['feed', 1],
      ['leak', 0],
    ])
  })

  it('on the real /proc, re-reads held stat files (fresh CPU) and closes those of exited processes', async () => {
    const c = new ProcessCollector({ procRoot: '/proc', topN: 100_000 })
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    try {
      await new Promise((r) => child.once('spawn', r))
      const first = c.collect()
      expect(c.heldFds).toBe(Math.min(first.total, MAX_HELD_FDS)) // one per process listed, none for gone ones
      expect(first.topMemory.some((x) => x.pid === child.pid)).toBe(true)
      const end = Date.now() + 100
      while (Date.now() < end) Math.sqrt(Math.random()) // burn CPU in this process between the scans
      const second = c.collect()
      // This process's stat was read again through its held descriptor: its new CPU time shows.
      expect(second.topCpu.find((x) => x.pid === process.pid)?.cpu).toBeGreaterThan(10)
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
      const third = c.collect()
      expect(third.topMemory.some((x) => x.pid === child.pid)).toBe(false)
      expect(c.heldFds).toBe(Math.min(third.total, MAX_HELD_FDS))
    } finally {
      child.kill('SIGKILL')
      c.close()
    }
    expect(c.heldFds).toBe(0)
  })

  it('scans the real /proc of this machine', () => {
    const c = new ProcessCollector({ procRoot: '/proc', topN: 15 })
    c.setGroups(compileGroups([{ name: 'self', pattern: 'node|vitest' }]).groups)
    c.collect()
    const end = Date.now() + 50
    while (Date.now() < end) Math.sqrt(Math.random()) // burn a little CPU in this process
    const p = c.collect()
    expect(p.total).toBeGreaterThan(1)
    expect(p.topCpu.length).toBeLessThanOrEqual(15)
    expect(p.topMemory.length).toBe(Math.min(15, p.total))
    const self = p.topMemory.find((x) => x.pid === process.pid) ?? p.topCpu.find((x) => x.pid === process.pid)
    expect(self?.rssBytes).toBeGreaterThan(10 * 1024 * 1024)
    expect(p.groups[0].count).toBeGreaterThanOrEqual(1)
    for (const x of [...p.topCpu, ...p.topMemory]) {
      expect(x.cpu).toBeGreaterThanOrEqual(0)
      expect(x.command.length).toBeGreaterThan(0)
    }
  })
})
