// Self-telemetry over the process tree, on recorded /proc files (test/fixtures/proc/self-tree).
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readProcIo, readProcess, readSmapsRollup, readStatCpuTicks, readStatusRss } from '../../../electron/engine/proc.ts'
import { SelfMonitor } from '../../../electron/engine/self-monitor.ts'
import { renderPrometheus } from '../../../electron/engine/metrics/prometheus.ts'
import type { Telemetry } from '../../../shared/contract.ts'
import { tempDir } from '../../helpers/temp.ts'

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/proc/self-tree')
const KB = 1024
const read = (f: string) => fs.readFileSync(path.join(fixtures, f), 'utf8')

describe('/proc readers', () => {
  it('parse the recorded files', () => {
    expect(readStatCpuTicks(read('100/stat'))).toBe(300) // the name holds a space and parentheses
    expect(readSmapsRollup(read('200/smaps_rollup'))).toEqual({ rssBytes: 60000 * KB, pssBytes: 30000 * KB })
    expect(readStatusRss(read('300/status'))).toBe(50000 * KB)
    expect(readProcIo(read('100/io'))).toEqual({ wchar: 0, writeBytes: 1048576, readBytes: 0 })
  })

  it('say so when a field or file is missing instead of inventing one', () => {
    expect(readSmapsRollup('Rss: 10 kB\n')).toEqual({ rssBytes: 10 * KB, pssBytes: null })
    expect(readStatusRss('Name:\tx\n')).toBeNull()
    expect(() => readStatCpuTicks('garbage')).toThrow(/Unreadable/)
    expect(readProcess(300, fixtures)).toEqual({ pid: 300, cpuTicks: 10, rssBytes: 50000 * KB, pssBytes: 50000 * KB, pssFromRss: true, writeBytes: null })
    expect(readProcess(999, fixtures)).toBeNull()
  })
})

describe('SelfMonitor', () => {
  let root: string
  let wall: number
  let cpuUs: number
  let pids: number[]
  beforeEach(() => {
    root = tempDir('gw-proc-')
    fs.cpSync(fixtures, root, { recursive: true })
    wall = 0
    cpuUs = 0
    pids = [200, 300]
  })
  const monitors: SelfMonitor[] = []
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true })
    for (const m of monitors.splice(0)) m.stop()
  })

  const monitor = () => {
    const m = new SelfMonitor({ procRoot: root, pid: 100, now: () => wall, cpuMicros: () => cpuUs, workerPids: () => pids, pssEveryMs: 10_000 })
    monitors.push(m)
    return m
  }
  const setStat = (pid: number, utime: number) => {
    const file = path.join(root, String(pid), 'stat')
    const text = fs.readFileSync(file, 'utf8')
    const head = text.slice(0, text.lastIndexOf(')') + 2)
    const rest = text.slice(head.length).split(' ')
    rest[11] = String(utime)
    rest[12] = '0'
    fs.writeFileSync(file, head + rest.join(' '))
  }
  const setWritten = (pid: number, bytes: number) => {
    const file = path.join(root, String(pid), 'io')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^write_bytes: \d+/m, `write_bytes: ${bytes}`))
  }

  it('sums CPU, RSS, PSS (RSS where unreadable) and writes over the engine and its workers', () => {
    const m = monitor()
    wall = 1000
    cpuUs = 2000 // the engine: 2 ms in 1 s
    const first = m.read()
    expect(first.rssBytes).toBe((120000 + 60000 + 50000) * KB)
    expect(first.pssBytes).toBe((90000 + 30000 + 50000) * KB)
    expect(first.processes).toBe(3)
    // Workers first seen now count their whole CPU: (120 + 10) ticks = 1.3 s, plus the engine's 2 ms.
    expect(first.cpuPercent).toBeCloseTo(((1300 + 2) / 1000) * 100, 6)
    expect(first.diskWrittenBytes).toBe(4096) // the engine's own counter starts at zero
    expect(first.diskWrittenBytesPerHour).toBeNull()

    wall = 11_000
    cpuUs = 12_000
    setStat(200, 121) // +1 tick = 10 ms
    setWritten(100, 1048576 + 10_000)
    setWritten(200, 4096 + 5_000)
    const second = m.read()
    expect(second.cpuPercent).toBeCloseTo(((10 + 10) / 10_000) * 100, 6)
    expect(second.diskWrittenBytes).toBe(4096 + 15_000)
    expect(second.diskWrittenBytesPerHour).toBeCloseTo((15_000 / 10_000) * 3_600_000, 6)
  })

  it('keeps the write counter when a worker exits, counts its writes once when it is reaped, and re-reads PSS only every pssEveryMs', () => {
    const m = monitor()
    m.read()
    setWritten(200, 4096 + 1000)
    wall = 1000
    expect(m.read().diskWrittenBytes).toBe(4096 + 1000)
    pids = [300] // worker 200 exited, not reaped yet: its writes are in neither file for a moment
    fs.writeFileSync(path.join(root, '100/smaps_rollup'), 'Rss: 1 kB\nPss: 1 kB\n')
    wall = 2000
    const after = m.read()
    expect(after.diskWrittenBytes).toBe(4096 + 1000)
    // Reaped: Linux adds the worker's 5096 bytes to the engine's own io, read at its next 5 s reading.
    setWritten(100, 1048576 + 4096 + 1000)
    wall = 6000
    expect(m.read().diskWrittenBytes).toBe(4096 + 1000)
    setWritten(100, 1048576 + 4096 + 1000 + 300) // then the engine writes 300 bytes itself
    wall = 11_000
    expect(m.read().diskWrittenBytes).toBe(4096 + 1000 + 300)
    expect(after.processes).toBe(2)
    expect(after.pssBytes).toBe((90000 + 50000) * KB) // the engine's PSS is 1 s old: not re-read
    wall = 12_000
    expect(m.read().pssBytes).toBe((1 + 50000) * KB)
  })

  it('starts the write rate again once a scan burst is over: at rest it is the steady rate; the counter keeps the burst', () => {
    pids = [200]
    const m = monitor()
    m.read()
    // The burst: a worker writes 50 MB in a minute, the engine 2 MB (read at its next 5 s reading).
    wall = 60_000
    setWritten(200, 4096 + 50_000_000)
    setWritten(100, 1048576 + 2_000_000)
    const busy = m.read()
    expect(busy.diskWrittenBytesPerHour).toBeCloseTo((52_000_000 / 60_000) * 3_600_000, 0)
    // The last worker exits and is reaped (its 50 MB join the engine's own io, as Linux does); the
    // engine wrote 1 MB more itself since its last reading (it is read afresh).
    pids = []
    setWritten(100, 1048576 + 3_000_000 + 4096 + 50_000_000)
    m.restartWriteRate()
    wall = 61_000
    const restarted = m.read()
    expect(restarted.diskWrittenBytesPerHour).toBeNull() // no span yet: "—", not the burst
    expect(restarted.diskWrittenBytes).toBe(4096 + 50_000_000 + 3_000_000)
    // At rest: 10 kB in the next 10 s is 3.6 MB/h.
    setWritten(100, 1048576 + 3_010_000 + 4096 + 50_000_000)
    wall = 71_000
    const rest = m.read()
    expect(rest.diskWrittenBytesPerHour).toBeCloseTo((10_000 / 10_000) * 3_600_000, 6)
    expect(rest.diskWrittenBytes).toBe(4096 + 50_000_000 + 3_010_000)
  })

  it("re-reads the engine's own files only every 5 s, its CPU on every reading", () => {
    pids = []
    const m = monitor()
    expect(m.read().diskWrittenBytes).toBe(0)
    setWritten(100, 1048576 + 7000)
    fs.writeFileSync(path.join(root, '100/smaps_rollup'), 'Rss: 2 kB\nPss: 1 kB\n')
    wall = 1000
    cpuUs = 5000 // 5 ms in 1 s
    const held = m.read()
    expect(held.cpuPercent).toBeCloseTo(0.5, 6)
    expect(held.diskWrittenBytes).toBe(0)
    expect(held.rssBytes).toBe(120000 * KB)
    wall = 5000
    const next = m.read()
    expect(next.diskWrittenBytes).toBe(7000)
    expect(next.rssBytes).toBe(120000 * KB) // PSS and its RSS: every pssEveryMs (10 s here)
    wall = 10_000
    expect(m.read().pssBytes).toBe(1 * KB)
  })
})

describe('/metrics', () => {
  const t: Telemetry = {
    t: 1,
    cpuPercent: 0.25,
    rssBytes: 3e8,
    pssBytes: 9.2e7,
    diskWrittenBytes: 123_456,
    diskWrittenBytesPerHour: null,
    processes: 2,
    eventLoopDelay: { p50Ms: 0.5, p99Ms: 12, maxMs: 250 },
    dbBytes: 5e6,
    collectorsMs: {},
  }
  it('exposes the tree as gapwatch_engine_* in base units, the write total as a counter', () => {
    const text = renderPrometheus(null, t)
    expect(text).toMatch(/^# TYPE gapwatch_engine_disk_written_bytes_total counter\ngapwatch_engine_disk_written_bytes_total 123456$/m)
    expect(text).toMatch(/^gapwatch_engine_pss_bytes 92000000$/m)
    expect(text).toMatch(/^# TYPE gapwatch_engine_resident_memory_bytes gauge$/m)
    expect(text).not.toMatch(/per_hour/) // a rate: Prometheus takes rate() of the counter
    expect(renderPrometheus(null, null)).toBe('')
    expect(text).toMatch(/^# TYPE gapwatch_engine_event_loop_delay_p99_seconds gauge\ngapwatch_engine_event_loop_delay_p99_seconds 0.012$/m)
    expect(text).toMatch(/^gapwatch_engine_event_loop_delay_p50_seconds 0.0005$/m)
    expect(text).toMatch(/^gapwatch_engine_event_loop_delay_max_seconds 0.25$/m)
  })
})
