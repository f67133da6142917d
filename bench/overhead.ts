// npm run bench:overhead — runs `gapwatch serve` sampling at 1 Hz for 60 s (or --seconds N) and
// reads its CPU time and RSS from /proc. A bare idle Node process is measured in the same run as
// the baseline. Budget (issue 2): ≤ 0.5 % of one core on average, ≤ 150 MB RSS.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { median } from './stats.ts'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' } } })
const seconds = Number(values.seconds)
const TICKS = 100 // USER_HZ on Linux
const bin = path.resolve(import.meta.dirname, '../bin/gapwatch.js')

function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(f[11]) + Number(f[12]) // utime + stime
}
function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) * 1024 : NaN
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function measure(label: string, child: ChildProcess, ready: Promise<void>): Promise<void> {
  await ready
  await sleep(5000) // start-up (inventory, first process scan) is not the steady state
  const pid = child.pid!
  const c0 = cpuTicks(pid)
  const w0 = performance.now()
  const rss: number[] = []
  for (let s = 0; s < seconds; s += 5) {
    await sleep(Math.min(5, seconds - s) * 1000)
    rss.push(rssBytes(pid))
  }
  const cpu = ((cpuTicks(pid) - c0) / TICKS / ((performance.now() - w0) / 1000)) * 100
  console.log(
    `${label.padEnd(28)} CPU ${cpu.toFixed(2)} % of one core over ${seconds} s; RSS median ${(median(rss) / 2 ** 20).toFixed(1)} MB, max ${(Math.max(...rss) / 2 ** 20).toFixed(1)} MB`,
  )
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-overhead-'))
try {
  const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  await measure('baseline: idle node', idle, Promise.resolve())
  const serve = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir, '--interval', '1s'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const ready = new Promise<void>((resolve) => serve.stdout!.once('data', () => resolve()))
  await measure('gapwatch serve at 1 Hz', serve, ready)
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true })
}
