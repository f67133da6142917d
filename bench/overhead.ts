// npm run bench:overhead — what `gapwatch serve` costs at rest, sampling at 1 Hz, measured from the
// outside in /proc: CPU % of one core in 10 s windows (the median window is the figure), and the whole
// tree's PSS (the engine and any pool worker) once the first-run scan's idle workers have exited. A bare
// idle Node process with a 1 s timer runs beside it in the same windows as the baseline. At the end the
// engine's own event-loop delay is read from /api/health. Because machine load distorts %CPU less than
// wall time, each process's CPU is also given as CPU seconds per 1,000 samples (user+sys over the whole
// measured time / samples at 1 Hz × 1,000).
// Targets (issue 15): CPU ≤ 0.3 % of a core; whole-tree PSS at rest ≤ 100 MB.
//   --seconds N   measured time after the warm-up (default 180)
//   --warmup N    seconds before measuring: the first-run scan and its workers' 60 s idle exit (default 80)
//   --compare B   also run another checkout's bin/gapwatch.js (e.g. the commit before a change) in the
//                 same windows, for a before/after ratio on the same machine load
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { readProcess } from './proc-io.ts'
import { median } from './stats.ts'

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '180' }, warmup: { type: 'string', default: '80' }, compare: { type: 'string' } },
})
const seconds = Number(values.seconds)
const warmup = Number(values.warmup)
const WINDOW_S = 20
const TICKS = 100 // USER_HZ on Linux
const bin = path.resolve(import.meta.dirname, '../bin/gapwatch.js')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const f2 = (v: number) => v.toFixed(2)
const mib = (b: number) => (b / 2 ** 20).toFixed(1)

/** The pid and its descendants (pool workers), from each process's parent in /proc/<pid>/stat. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)])
    } catch {
      // exited meanwhile
    }
  }
  const out = [root]
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []))
  return out
}

/** CPU ticks and PSS of a whole tree (processes that exit between windows take their ticks with them). */
function treeReading(root: number): { ticks: number; pss: number; processes: number } {
  let ticks = 0
  let pss = 0
  let processes = 0
  for (const pid of tree(root)) {
    const r = readProcess(pid)
    if (r === null) continue
    ticks += r.cpuTicks
    pss += r.pssBytes
    processes++
  }
  return { ticks, pss, processes }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-overhead-'))
const children: ChildProcess[] = []

/** Starts `gapwatch serve` at 1 Hz on its own data directory; resolves with its URL once it listens. */
async function startServe(label: string, script: string): Promise<{ label: string; child: ChildProcess; url: string }> {
  const dir = path.join(dataDir, String(children.length))
  const child = spawn(process.execPath, [script, 'serve', '--port', '0', '--data-dir', dir, '--interval', '1s'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /https?:\/\/[^\s)]+/.exec(out)
      if (m) resolve(m[0])
    })
    child.once('exit', (code) => reject(new Error(`${label}: gapwatch serve exited with ${code} before listening`)))
  })
  return { label, child, url }
}

try {
  const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  children.push(idle)
  const serves = [await startServe('gapwatch serve at 1 Hz', bin)]
  if (values.compare) serves.push(await startServe('compare: serve at 1 Hz', path.resolve(values.compare)))
  console.log(`${serves.map((s) => s.url).join(', ')}: warm-up ${warmup} s (first-run scan, idle workers exit), then ${seconds} s in ${WINDOW_S} s windows`)
  await sleep(warmup * 1000)

  const measured = [{ label: 'baseline: idle node', pid: idle.pid! }, ...serves.map((s) => ({ label: s.label, pid: s.child.pid! }))]
  const cpu = measured.map(() => [] as number[])
  const pss = measured.map(() => [] as number[])
  const processes = measured.map(() => [] as number[])
  const first = { readings: measured.map((m) => treeReading(m.pid)), at: performance.now() }
  let prev = first
  for (let s = 0; s < seconds; s += WINDOW_S) {
    await sleep(WINDOW_S * 1000)
    const now = { readings: measured.map((m) => treeReading(m.pid)), at: performance.now() }
    const wallS = (now.at - prev.at) / 1000
    now.readings.forEach((r, i) => {
      cpu[i].push(((r.ticks - prev.readings[i].ticks) / TICKS / wallS) * 100)
      pss[i].push(r.pss)
      processes[i].push(r.processes)
    })
    prev = now
  }
  const measuredS = (prev.at - first.at) / 1000
  /** CPU seconds (user+sys) per 1,000 one-second samples over the whole measured time. */
  const per1000 = (i: number): number => ((prev.readings[i].ticks - first.readings[i].ticks) / TICKS / measuredS) * 1000
  const idleCpu = median(cpu[0])
  measured.forEach((m, i) => {
    const c = median(cpu[i])
    const extra = i === 0 ? '' : `; minus baseline ${f2(c - idleCpu)}`
    console.log(`${m.label.padEnd(26)} CPU median ${f2(c)} % of one core${extra}; ${f2(per1000(i))} CPU s per 1,000 samples (windows: ${cpu[i].map(f2).join(' ')})`)
  })
  for (let i = 1; i < measured.length; i++) {
    console.log(`${`  ${measured[i].label}`.padEnd(26)} whole-tree PSS median ${mib(median(pss[i]))} MiB, max ${mib(Math.max(...pss[i]))} MiB, processes ${Math.min(...processes[i])}–${Math.max(...processes[i])}`)
  }
  if (measured.length === 3) console.log(`ratio serve / compare (CPU medians): ${f2(median(cpu[1]) / median(cpu[2]))}`)
  const health = (await (await fetch(`${serves[0].url}/api/health`)).json()) as { engine: Record<string, unknown> | null }
  console.log(`engine self-telemetry      ${JSON.stringify(health.engine)}`)
  console.log('targets: CPU ≤ 0.3 % of one core at 1 Hz; whole-tree PSS at rest ≤ 100 MB')
} finally {
  for (const c of children) {
    if (c.exitCode !== null || c.signalCode !== null) continue
    c.kill('SIGTERM')
    await new Promise((r) => c.once('exit', r))
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
}
