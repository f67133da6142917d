// The engine at rest after a scan (issue 13): `gapwatch serve` on a fresh data directory scans the
// demo watchlist on first run; once its workers have been idle for the idle exit (60 s by default)
// the engine's process tree should be one process of at most 150 MB PSS. Prints the tree's process
// count and PSS then. Linux only (/proc). Run alone: node bench/fvg-rest.ts; npm run bench:fvg runs it.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const bin = path.resolve(import.meta.dirname, '../bin/gapwatch.js')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function children(pid: number): number[] {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
  } catch {
    return []
  }
}
const tree = (pid: number): number[] => [pid, ...children(pid).flatMap(tree)]
function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0)
  } catch {
    return 0
  }
}
/** user + system CPU ticks of a process (0 once it is gone). */
function cpuTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(f[11]) + Number(f[12]) // utime, stime (fields 14 and 15)
  } catch {
    return 0
  }
}

export async function benchRest(o: { idleSec?: number } = {}): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-rest-'))
  const serve = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'ignore'] })
  try {
    const pid = serve.pid!
    // Wait for the first-run scan's workers, then for them to go quiet (their CPU time stops growing).
    const t0 = performance.now()
    while (tree(pid).length < 2 && performance.now() - t0 < 60_000) await sleep(200)
    if (tree(pid).length < 2) return 'engine at rest: no worker started within 60 s (first-run scan off?)'
    // Measure once the workers have done nothing (no CPU time gained, or gone) for the idle exit + 5 s.
    let last = -1
    let lastActive = performance.now()
    const settle = ((o.idleSec ?? 60) + 5) * 1000
    while (performance.now() - lastActive < settle) {
      const ticks = tree(pid).slice(1).reduce((a, p) => a + cpuTicks(p), 0)
      if (ticks !== last && ticks > 0) lastActive = performance.now()
      last = ticks
      await sleep(250)
    }
    const pids = tree(pid)
    const pss = pids.reduce((a, p) => a + pssKb(p), 0) / 1024
    return `engine at rest 65 s after its first-run scan's last worker activity: ${pids.length} process(es), ${pss.toFixed(0)} MB PSS   target 1 process, ≤ 150 MB`
  } finally {
    serve.kill('SIGTERM')
    await new Promise((r) => serve.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.main) console.log(await benchRest())
