// Pool workers run below normal priority (issue 13): with both cores scanning, the engine's thread
// and the trader's platform must not wait for a core behind batch work. Real worker processes.
import { spawn } from 'node:child_process'
import os from 'node:os'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nodeWorkerHost, type WorkerHandle } from '../../../electron/engine/pool/worker-host.ts'
import { lowerWorkerPriority, WORKER_NICENESS } from '../../../electron/engine/pool/worker-priority.ts'
import { Pool } from '../../../electron/engine/pool/pool.ts'
import { defaultFvgOptions } from '../../../shared/fvg.ts'
import { processNiceness, threadNiceness } from '../../helpers/niceness.ts'

// An unprivileged process cannot raise a priority: workers of an already niced host keep its value.
const expected = Math.max(WORKER_NICENESS, os.getPriority())

const handles: WorkerHandle[] = []
let pool: Pool | null = null
afterEach(async () => {
  for (const h of handles.splice(0)) h.kill()
  await pool?.close()
  pool = null
})

const ready = (h: WorkerHandle) => new Promise<void>((resolve) => h.onMessage((m) => m.type === 'ready' && resolve()))

describe('worker priority', () => {
  it('declares a niceness below normal priority', () => {
    expect(WORKER_NICENESS).toBeGreaterThan(0)
    expect(WORKER_NICENESS).toBeLessThanOrEqual(19)
  })

  it('a Node worker runs at the declared niceness, every thread of it, from its spawn on', async () => {
    const h = nodeWorkerHost().spawn()
    handles.push(h)
    expect(processNiceness(h.pid!)).toBe(expected)
    await ready(h) // its threads are all started by now (V8 platform, libuv)
    const threads = threadNiceness(h.pid!)
    expect(threads.length).toBeGreaterThan(process.platform === 'linux' ? 1 : 0)
    expect(new Set(threads)).toEqual(new Set([expected]))
  })

  it('`niceness: null` leaves the worker at the host’s priority (a bench’s baseline)', async () => {
    const h = nodeWorkerHost(undefined, { niceness: null }).spawn()
    handles.push(h)
    await ready(h)
    expect(processNiceness(h.pid!)).toBe(os.getPriority())
  })

  it("the pool's jobs run in niced workers", async () => {
    pool = new Pool(nodeWorkerHost(), 1)
    const pids: number[] = []
    pool.on('job', (j) => j.workerPid !== null && pids.push(j.workerPid))
    const r = await pool.submit({ kind: 'scan', symbol: 'N', source: { kind: 'generated', seed: 1, count: 5_000, intervalMs: 60_000, startPrice: 100 }, options: defaultFvgOptions }).done
    expect(r.candles).toBe(5_000)
    expect(pids.length).toBeGreaterThan(0)
    // The job's worker stays alive after its job: its priority is still the lowered one.
    for (const pid of new Set(pids)) expect(processNiceness(pid)).toBe(expected)
  })

  it('a failure to renice is reported once, never thrown', async () => {
    // A process that has exited: setpriority fails with ESRCH.
    const gone = spawn(process.execPath, ['-e', '0'])
    const pid = gone.pid!
    await new Promise((r) => gone.once('exit', r))
    const warn = vi.fn()
    expect(lowerWorkerPriority(pid, { warn })).toBe(false)
    expect(lowerWorkerPriority(pid, { warn })).toBe(false)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0][0]).toContain(`worker ${pid}`)
    expect(lowerWorkerPriority(undefined, { warn })).toBe(false)
  })
})
