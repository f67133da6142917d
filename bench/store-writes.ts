// Bytes written to disk per hour by the metric store, measured on a child process running the real
// MetricStore (bench/store-writes-child.ts) so nothing else in this process is counted.
//   realtime:  the real cadence (samples every interval, one flush a second) for N wall-clock seconds;
//              write_bytes from /proc/<pid>/io, scaled to an hour.
//   simulated: synthetic 1 Hz timestamps through the same append/flush path, one flush per simulated
//              second, as fast as it can, across several hour boundaries. Reports wchar (bytes handed
//              to the kernel) per simulated hour: write_bytes undercounts here, since a page rewritten
//              before the kernel's writeback is counted once.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readProcIo } from './proc-io.ts'

const child = path.resolve(import.meta.dirname, 'store-writes-child.ts')
export const currentStore = path.resolve(import.meta.dirname, '../electron/engine/store/metric-store.ts')
const MB = 1e6

export interface WriteRun {
  intervalMs: number
  seedDays: number
  /** The MetricStore module to measure (default: this checkout's). */
  store?: string
}

function start(run: WriteRun, extra: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-writes-'))
  const proc = spawn(
    process.execPath,
    [child, '--store', run.store ?? currentStore, '--db', path.join(dir, 'gapwatch.db'), '--interval', String(run.intervalMs), '--seed-days', String(run.seedDays), ...extra],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('ready\n')) resolve()
    })
    proc.once('exit', (code) => reject(new Error(`store writer exited with ${code} before it was ready`)))
  })
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true })
  return { proc, ready, exited, output: () => out, cleanup }
}

/** MB written per hour at the real cadence over `seconds` (write_bytes of the child, scaled). */
export async function realtimeMbPerHour(run: WriteRun, seconds: number): Promise<number> {
  const c = start(run, ['--mode', 'realtime'])
  try {
    await c.ready
    const pid = c.proc.pid!
    const io0 = readProcIo(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))
    const t0 = performance.now()
    await new Promise((r) => setTimeout(r, seconds * 1000))
    const io1 = readProcIo(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))
    const elapsedH = (performance.now() - t0) / 3_600_000
    c.proc.kill('SIGTERM')
    await c.exited
    return (io1.writeBytes - io0.writeBytes) / MB / elapsedH
  } finally {
    c.proc.kill('SIGKILL')
    c.cleanup()
  }
}

export interface SimulatedHour {
  hour: number
  wchar: number
  writeBytes: number
  wallMs: number
}

/** Per simulated hour: bytes handed to the kernel (wchar) and write_bytes, at simulated 1 Hz. */
export async function simulatedHours(run: WriteRun, hours: number): Promise<SimulatedHour[]> {
  const c = start(run, ['--mode', 'simulated', '--hours', String(hours)])
  try {
    const code = await c.exited
    if (code !== 0) throw new Error(`simulated store writer exited with ${code}`)
    return c
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as SimulatedHour)
  } finally {
    c.cleanup()
  }
}

export const mb = (bytes: number) => (bytes / MB).toFixed(2)
