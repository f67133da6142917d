// Sampler self-cost. Run: node bench/sampler.ts [--ticks 300] [--seconds 30] [--no-baseline]
//
// 1. Tight loop: N ticks in-process with every collector on every tick (processes and filesystems
//    included); prints the median cost of each collector (telemetry.collectorsMs) and the CPU time
//    per tick from process.cpuUsage().
// 2. Estimate at 1 Hz with the real schedule: per-tick collectors + processes / 5 + filesystems / 60.
// 3. Baseline in the same run: the systeminformation calls the /proc readers replace (what the
//    fallback path does elsewhere), for a ratio.
// 4. Real time: the Sampler at its default settings (1 Hz, processes every 5 s) for S seconds after a
//    5 s warm-up, measured with process.cpuUsage() over wall time: the figure the budget (≤ 0.5 % of
//    a core) is about; next to an idle 1 Hz Node timer measured in the same run.
import si from 'systeminformation'
import { Sampler } from '../electron/engine/sampler/index.ts'

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}
const TICKS = arg('ticks', 300)
const SECONDS = arg('seconds', 30)
const BASELINE = !process.argv.includes('--no-baseline')

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000
const f3 = (v: number): string => v.toFixed(3)
const yieldLoop = (): Promise<void> => new Promise((r) => setImmediate(r))

// ---- 1. tight loop ----------------------------------------------------------------------------
const groups = [
  { name: 'strategies', pattern: 'python.*strategy' },
  { name: 'metatrader', pattern: 'MetaTrader|terminal64' },
  { name: 'ib', pattern: 'ib-?gateway|tws' },
]
const tight = new Sampler({ processesEveryMs: 1, filesystemsEveryMs: 1, groups })
const perCollector = new Map<string, number[]>()
const tickMs: number[] = []
for (let i = 0; i < 20; i++) await tight.sampleOnce() // warm-up: JIT, caches, first-tick zeros
const before = process.cpuUsage()
const wallStart = performance.now()
for (let i = 0; i < TICKS; i++) {
  const s = await tight.sampleOnce()
  for (const [k, v] of Object.entries(s.telemetry.collectorsMs)) {
    let list = perCollector.get(k)
    if (!list) perCollector.set(k, (list = []))
    list.push(v)
  }
  tickMs.push(s.telemetry.tickMs)
  await yieldLoop()
}
const tightCpu = cpuMs(process.cpuUsage(before)) / TICKS
const tightWall = (performance.now() - wallStart) / TICKS
const last = await tight.sampleOnce()
await tight.stop()

console.log(`sampler self-cost — ${TICKS} ticks, all collectors every tick, ${last.processes?.total ?? 0} processes, Node ${process.version}`)
console.log('\ncollector      median ms    p90 ms')
const med = new Map<string, number>()
for (const [k, list] of perCollector) {
  med.set(k, median(list))
  const p90 = [...list].sort((a, b) => a - b)[Math.floor(list.length * 0.9)]
  console.log(`${k.padEnd(14)} ${f3(median(list)).padStart(9)} ${f3(p90).padStart(9)}`)
}
console.log(`${'tick (all)'.padEnd(14)} ${f3(median(tickMs)).padStart(9)}`)
console.log(`\nCPU time per tick (process.cpuUsage): ${f3(tightCpu)} ms   (wall per loop turn ${f3(tightWall)} ms)`)

// ---- 2. estimate at 1 Hz ------------------------------------------------------------------------
const m = (k: string): number => med.get(k) ?? 0
const everyTick = m('cpu') + m('memory') + m('disk') + m('network') + m('gpu')
const overhead = Math.max(0, median(tickMs) - [...med.values()].reduce((a, b) => a + b, 0))
const perSecond = everyTick + overhead + m('processes') / 5 + m('filesystems') / 60
console.log('\nestimate at 1 Hz (collector medians, processes every 5 s, filesystems every 60 s):')
console.log(`  per-tick collectors ${f3(everyTick)} ms + sampler overhead ${f3(overhead)} ms + processes ${f3(m('processes') / 5)} ms + filesystems ${f3(m('filesystems') / 60)} ms`)
console.log(`  = ${f3(perSecond)} ms of work per second ≈ ${(perSecond / 10).toFixed(3)} % of one core`)

// ---- 3. baseline: systeminformation ---------------------------------------------------------------
if (BASELINE) {
  // systeminformation returns cached values when called again within ~1 s, so calls are spaced.
  const calls: Record<string, () => Promise<unknown>> = {
    currentLoad: () => si.currentLoad(),
    mem: () => si.mem(),
    fsStats: () => si.fsStats(),
    networkStats: () => si.networkStats('*'),
    processes: () => si.processes(),
  }
  const times = new Map<string, number[]>(Object.keys(calls).map((k) => [k, []]))
  for (let round = 0; round < 4; round++) {
    await new Promise((r) => setTimeout(r, 1100))
    for (const [k, fn] of Object.entries(calls)) {
      const t0 = performance.now()
      await fn()
      if (round > 0) times.get(k)?.push(performance.now() - t0) // round 0 primes its rate state
    }
  }
  const b = (k: string): number => median(times.get(k) ?? [])
  const ours = m('cpu') + m('memory') + m('disk') + m('network')
  const theirs = b('currentLoad') + b('mem') + b('fsStats') + b('networkStats')
  console.log('\nbaseline, same run: systeminformation, calls 1.1 s apart (wall ms, median of 3; forked children not counted)')
  console.log(`  currentLoad ${f3(b('currentLoad'))} + mem ${f3(b('mem'))} + fsStats ${f3(b('fsStats'))} + networkStats ${f3(b('networkStats'))} = ${f3(theirs)} ms`)
  console.log(`  vs /proc readers ${f3(ours)} ms: ×${(theirs / ours).toFixed(1)}`)
  console.log(`  processes() ${f3(b('processes'))} ms vs /proc scan ${f3(m('processes'))} ms: ×${(b('processes') / m('processes')).toFixed(1)}`)
}

// ---- 4. real time at 1 Hz ---------------------------------------------------------------------------
if (SECONDS > 0) {
  // Same-run baseline: what a Node process waking once a second for nothing costs.
  const idleS = Math.min(SECONDS, 20)
  const i0 = process.cpuUsage()
  const iw = performance.now()
  const noop = setInterval(() => {}, 1000)
  await new Promise((r) => setTimeout(r, idleS * 1000))
  clearInterval(noop)
  const idlePct = (100 * cpuMs(process.cpuUsage(i0))) / (performance.now() - iw)

  const WARMUP_S = 5
  const live = new Sampler({ groups })
  let n = 0
  live.on('sample', () => n++)
  const u0 = process.cpuUsage()
  live.start()
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000 - 500))
  const startup = cpuMs(process.cpuUsage(u0))
  const n0 = n
  const u1 = process.cpuUsage()
  const w1 = performance.now()
  await new Promise((r) => setTimeout(r, SECONDS * 1000))
  const used = cpuMs(process.cpuUsage(u1))
  const wall = performance.now() - w1
  await live.stop()
  console.log(`\nreal time: default Sampler (1 Hz, processes every 5 s, filesystems every 60 s, nvidia-smi supervisor)`)
  console.log(`  start-up, first ${WARMUP_S - 0.5} s (JIT, first scan with every cmdline read, nvidia-smi spawn attempt): ${f3(startup)} ms CPU`)
  const pct = (100 * used) / wall
  console.log(`  steady state, ${n - n0} samples over ${(wall / 1000).toFixed(1)} s: ${f3(used)} ms CPU = ${pct.toFixed(3)} % of one core (budget 0.5 %)`)
  console.log(`  baseline, an idle 1 Hz Node timer for ${idleS} s: ${idlePct.toFixed(3)} %; the sampler's own share ≈ ${(pct - idlePct).toFixed(3)} %`)
}
