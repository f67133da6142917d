// CPU-time probe for the scan benchmarks, preloaded into `gapwatch scan` and its pool workers with
// NODE_OPTIONS="--import bench/fvg/cpu-probe.ts" (forked workers inherit the environment) and
// GW_CPU_PROBE_DIR=DIR. Each process appends JSON lines to DIR/PID.jsonl:
//   main process, at exit: its own user+sys CPU, the CPU of the children it reaped (the workers,
//     from /proc/self/stat cutime+cstime), and its wall time; and its CPU so far as it forks its
//     first worker, as it sends its first job, and as each worker's `ready`, `result` or `error` arrives (child_process.fork
//     wrapped: a builtin's ESM exports follow its CommonJS object after syncBuiltinESMExports);
//   a worker, as it sends `ready`, each `result` / `error`, and each `part-written` (a split file's
//     range filled and written after its result, in its turn), and as a `fill` or `turn` arrives:
//     its CPU so far and the time.
// Times are epoch ms (performance.timeOrigin + now), comparable across the processes. A worker is
// killed at the end (SIGKILL), so its lines stop at its last result; the main line's `childrenMs`
// holds everything, kill included. Linux only (/proc). bench/fvg/cpu-account.ts reads the lines.
import type childProcess from 'node:child_process'
import inspector from 'node:inspector'
import fs from 'node:fs'
import module from 'node:module'
import path from 'node:path'

const dir = process.env.GW_CPU_PROBE_DIR
const now = () => performance.timeOrigin + performance.now()
const cpuMs = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}

function childrenMs(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(f[13]) + Number(f[14])) * 1000) / 100 // cutime, cstime (fields 16, 17) in USER_HZ = 100
}

/**
 * With GW_CPU_PROF_DIR too, a worker's V8 CPU profile (as --cpu-prof writes, which a SIGKILLed
 * worker never does) is cut at each message above: DIR/PID-N-EVENT.cpuprofile holds what the worker
 * did up to `ready`, then up to each result and range written. The in-thread inspector session
 * answers synchronously, so each cut is written before the message leaves.
 */
function profiler(): ((event: string) => void) | null {
  const out = process.env.GW_CPU_PROF_DIR
  if (!out) return null
  const session = new inspector.Session()
  session.connect()
  session.post('Profiler.enable')
  session.post('Profiler.setSamplingInterval', { interval: 100 })
  session.post('Profiler.start')
  let n = 0
  return (event) => {
    session.post('Profiler.stop', (err, r) => {
      if (!err) fs.writeFileSync(path.join(out, `${process.pid}-${n++}-${event}.cpuprofile`), JSON.stringify(r.profile))
    })
    session.post('Profiler.start')
  }
}

if (dir) {
  const file = path.join(dir, `${process.pid}.jsonl`)
  const log = (o: object) => fs.appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...o })}\n`)
  const send = process.send?.bind(process)
  if (send) {
    const profile = profiler()
    process.send = ((m: { type?: string }, ...rest: unknown[]) => {
      if (m?.type === 'ready' || m?.type === 'result' || m?.type === 'error' || m?.type === 'part-written') log({ role: 'worker', event: m.type, at: now(), cpuMs: cpuMs() })
      if (m?.type === 'ready' || m?.type === 'result' || m?.type === 'error' || m?.type === 'part-written') profile?.(m.type)
      return (send as (...a: unknown[]) => boolean)(m, ...rest)
    }) as typeof process.send
    log({ role: 'worker', event: 'start', at: performance.timeOrigin, cpuMs: 0 })
    // A split file's range: the merge's fill (or its turn) arrives; from here to `part-written` it formats and writes.
    process.on('message', (m: { type?: string }) => {
      if (m?.type === 'fill' || m?.type === 'turn') log({ role: 'worker', event: m.type, at: now(), cpuMs: cpuMs() })
    })
  } else {
    const cp = module.createRequire(import.meta.url)('node:child_process') as typeof childProcess
    const fork = cp.fork
    let forked = false
    let sentJob = false
    cp.fork = ((...args: Parameters<typeof fork>) => {
      if (!forked) log({ role: 'main', event: 'fork', at: now(), cpuMs: cpuMs() })
      forked = true
      const child = fork(...args)
      const send = child.send.bind(child) as (...a: unknown[]) => boolean
      child.send = ((m: { type?: string }, ...rest: unknown[]) => {
        if (m?.type === 'job' && !sentJob) log({ role: 'main', event: 'job', at: now(), cpuMs: cpuMs() })
        if (m?.type === 'job') sentJob = true
        return send(m, ...rest)
      }) as typeof child.send
      child.on('message', (m: { type?: string }) => {
        if (m?.type === 'ready' || m?.type === 'result' || m?.type === 'error') log({ role: 'main', event: m.type, worker: child.pid, at: now(), cpuMs: cpuMs() })
      })
      return child
    }) as typeof fork
    module.syncBuiltinESMExports()
    process.on('exit', () => log({ role: 'main', event: 'exit', startedAt: performance.timeOrigin, at: now(), cpuMs: cpuMs(), childrenMs: childrenMs() }))
  }
}
