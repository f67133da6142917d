// node bench/rest-memory.ts — what the engine's memory at rest is made of (issue 15: whole-tree PSS at
// rest ≤ 100 MB once idle workers exit). Starts `gapwatch serve` on a fresh data directory (its
// first-run scan starts pool workers), waits until no worker is left (the idle exit), then reads the
// tree's PSS and the engine's V8 figures at each of --at seconds after that (default 10,150). The
// engine then runs a memory-reducing GC (electron/engine/memory-release.ts); before it, V8 kept the
// heap the scan grew (young generation up to 2 × 16 MB semi-spaces) until allocation picked up again.
//   --compare B   also run another checkout's bin/gapwatch.js (e.g. /other/checkout/bin/gapwatch.js) at the
//                 same time, for a before/after on the same machine load
//   --runs N      repeat N times (default 1); the last lines give the medians per --at
//   --restart     measure a restart instead, what most starts are: serve runs once on the data
//                 directory until its first-run workers exit, stops, and is started again there; the
//                 readings are --at seconds after the restart's workers exit if it starts any (10 s
//                 to see one), else after the start. A restart runs no memory-reducing GC when no
//                 worker ran (memory-release.ts), and its rules.yaml needs no YAML parser (rules-repo.ts).
// Linux only (/proc).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { median } from './stats.ts'
import { benchArgs, numberFlag } from './flags.ts'

const values = benchArgs({ at: { type: 'string', default: '10,150' }, compare: { type: 'string' }, runs: { type: 'string' }, restart: { type: 'boolean', default: false } })
const runs = numberFlag('--runs', values.runs, 1, { min: 1 })
const at = values.at.split(',').map(Number)
const bin = path.resolve(import.meta.dirname, '../bin/gapwatch.js')
const probe = path.resolve(import.meta.dirname, 'rest-memory-probe.mjs')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const MiB = 2 ** 20
const mib = (bytes: number) => (bytes / MiB).toFixed(1)
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ')

function children(pid: number): number[] {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
  } catch {
    return []
  }
}
const tree = (pid: number): number[] => [pid, ...children(pid).flatMap(tree)]
const isWorker = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker')
  } catch {
    return false
  }
}
function pssKb(pid: number, field = 'Pss'): number {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0)
  } catch {
    return 0
  }
}

/**
 * PSS as if no other node process ran: the node binary's resident pages counted whole (only node
 * processes share them), every other mapping at its real share (libc and libstdc++ are shared with
 * every process on any machine; anonymous memory is private anyway).
 */
function pssAloneKb(pid: number, nodeBinary: string): number {
  let text: string
  try {
    text = fs.readFileSync(`/proc/${pid}/smaps`, 'utf8')
  } catch {
    return 0
  }
  let total = 0
  let isNode = false
  for (const line of text.split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) isNode = line.trimEnd().endsWith(` ${nodeBinary}`)
    else if (isNode ? line.startsWith('Rss:') : line.startsWith('Pss:')) total += Number(/(\d+) kB/.exec(line)?.[1] ?? 0)
  }
  return total
}
const nodeBinary = fs.realpathSync(process.execPath)

/**
 * One serve of `script` from its start to the last --at reading: the tree's PSS, PSS alone and RSS at
 * each, in bytes. PSS splits the node binary's file pages with every other node process on the
 * machine (this benchmark, the compare serve, other work); PSS alone counts them whole (pssAloneKb):
 * serve's PSS where it is the only node process, the figure against the target there (read once the
 * workers have exited: with workers alive it would count the binary once per process); RSS also
 * counts libc's and libstdc++'s pages whole, which every process on any machine shares.
 */
const startServe = (script: string, dataDir: string, out: string) =>
  spawn(process.execPath, ['--import', probe, script, 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: 'ignore',
    env: { ...process.env, GAPWATCH_PROBE_OUT: out },
  })
const stopServe = async (serve: ReturnType<typeof spawn>) => {
  serve.kill('SIGTERM')
  if (serve.exitCode === null && serve.signalCode === null) await new Promise((r) => serve.once('exit', r))
}

/** Waits until serve's pool workers have started and exited; whether any started within `seeFor` ms. */
async function untilWorkersExit(pid: number, seeFor: number): Promise<boolean> {
  const t0 = performance.now()
  let seen = false
  while (performance.now() - t0 < 300_000) {
    const workers = tree(pid).slice(1).filter(isWorker).length
    if (workers > 0) seen = true
    if (seen ? workers === 0 : performance.now() - t0 > seeFor) break
    await sleep(250)
  }
  return seen
}

async function measure(label: string, script: string, dataDir: string): Promise<Array<{ pss: number; rss: number; alone: number }>> {
  const out = path.join(dataDir, 'probe.json')
  if (values.restart) {
    const first = startServe(script, dataDir, out)
    try {
      if (!(await untilWorkersExit(first.pid!, 300_000))) throw new Error(`${label}: no pool worker started within 300 s (first-run scan off?)`)
    } finally {
      await stopServe(first)
    }
  }
  const serve = startServe(script, dataDir, out)
  const figures: Array<{ pss: number; rss: number; alone: number }> = []
  try {
    const pid = serve.pid!
    const t0 = performance.now()
    const seen = await untilWorkersExit(pid, values.restart ? 10_000 : 300_000)
    if (!seen && !values.restart) throw new Error(`${label}: no pool worker started within 300 s (first-run scan off?)`)
    const idle = performance.now()
    console.log(`${label}${values.restart ? ' (restart)' : ''}: ${seen ? 'workers exited' : 'no worker started; idle from'} ${((idle - t0) / 1000).toFixed(0)} s after start; load average ${load()}`)
    for (const s of at) {
      await sleep(Math.max(0, idle + s * 1000 - performance.now()))
      fs.rmSync(out, { force: true })
      process.kill(pid, 'SIGUSR2')
      const w0 = performance.now()
      while (!fs.existsSync(out) && performance.now() - w0 < 10_000) await sleep(50)
      const v = JSON.parse(fs.readFileSync(out, 'utf8')) as {
        memory: NodeJS.MemoryUsage
        heap: { total_physical_size: number }
        spaces: Record<string, { used: number; size: number; physical: number }>
      }
      const pids = tree(pid)
      const pss = pids.reduce((a, p) => a + pssKb(p), 0) * 1024
      const rss = pids.reduce((a, p) => a + pssKb(p, 'Rss'), 0) * 1024
      const alone = pids.reduce((a, p) => a + pssAloneKb(p, nodeBinary), 0) * 1024
      figures.push({ pss, rss, alone })
      const young = v.spaces.new_space
      console.log(
        `${label} +${s} s: ${pids.length} process(es), tree PSS ${mib(pss)} MiB (${(pss / 1e6).toFixed(0)} MB; target ≤ 100 MB), PSS alone ${mib(alone)} MiB (${(alone / 1e6).toFixed(0)} MB: no other node process), RSS ${mib(rss)} MiB; engine anon ${mib(pssKb(pid, 'Pss_Anon') * 1024)} MiB, file ${mib(pssKb(pid, 'Pss_File') * 1024)} MiB;` +
          ` V8 heap physical ${mib(v.heap.total_physical_size)} MiB, of it young generation ${mib(young.physical)} MiB (${mib(young.used)} used); external ${mib(v.memory.external)} MiB (array buffers ${mib(v.memory.arrayBuffers)}); load ${load()}`,
      )
    }
  } finally {
    await stopServe(serve)
  }
  return figures
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-rest-memory-'))
const subjects = [{ label: 'serve', script: bin }, ...(values.compare ? [{ label: 'compare', script: path.resolve(values.compare) }] : [])]
const results = subjects.map(() => at.map(() => ({ pss: [] as number[], rss: [] as number[], alone: [] as number[] })))
try {
  for (let run = 0; run < runs; run++) {
    const figures = await Promise.all(subjects.map((s, i) => measure(s.label, s.script, fs.mkdtempSync(path.join(root, `${run}-${i}-`)))))
    figures.forEach((f, i) =>
      f.forEach(({ pss, rss, alone }, k) => {
        results[i][k].pss.push(pss)
        results[i][k].rss.push(rss)
        results[i][k].alone.push(alone)
      }),
    )
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true })
}
at.forEach((s, k) => {
  for (const figure of ['pss', 'alone', 'rss'] as const) {
    const meds = results.map((r) => median(r[k][figure]))
    const ratio = meds.length === 2 ? `; ratio serve / compare ${(meds[0] / meds[1]).toFixed(2)}` : ''
    const what = { pss: 'tree PSS', alone: 'tree PSS alone (no other node process)', rss: 'tree RSS' }[figure]
    console.log(`median ${what} at +${s} s over ${runs} run(s): ${subjects.map((sub, i) => `${sub.label} ${mib(meds[i])} MiB`).join(', ')}${ratio}`)
  }
})
