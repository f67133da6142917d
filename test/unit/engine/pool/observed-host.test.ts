// The one host that watches the pool's workers (engine/pool/observed-host.ts), on fake handles (no
// process): it knows the live workers' pids; its listeners hear each exit once, with whether the pool
// asked for it; a listener can take a message so the pool never sees it; and whenAllExited tells once
// when the pool's last worker has exited (the engine then gives memory back: engine/memory-release.ts)
// — not per exit, and not when a crashed worker is replaced in the same turn.
import { describe, expect, it } from 'vitest'
import { ObservedHost, whenAllExited, type WorkerListener } from '../../../../electron/engine/pool/observed-host.ts'
import type { WorkerHandle, WorkerHost } from '../../../../electron/engine/pool/worker-host.ts'
import type { WorkerMessage } from '../../../../electron/engine/pool/protocol.ts'

const turn = () => new Promise((r) => setImmediate(r))

/** Fake worker handles: the test decides when each exits and what it says. */
function fakeHost(): WorkerHost & { exit(i: number, signal?: string): void; say(i: number, m: WorkerMessage): void; killed: number[]; spawned: number } {
  const exits: Array<(signal: string | null) => void> = []
  const says: Array<(m: WorkerMessage) => void> = []
  const host = {
    spawned: 0,
    killed: [] as number[],
    spawn(): WorkerHandle {
      const i = host.spawned++
      const onExit: Array<(code: number | null, signal: string | null) => void> = []
      const onMessage: Array<(m: WorkerMessage) => void> = []
      exits.push((signal) => onExit.forEach((l) => l(signal ? null : 0, signal)))
      says.push((m) => onMessage.forEach((l) => l(m)))
      return { pid: 1000 + i, send: () => {}, onMessage: (l) => void onMessage.push(l), onExit: (l) => void onExit.push(l), kill: () => void host.killed.push(i) }
    },
    exit: (i: number, signal?: string) => exits[i](signal ?? null),
    say: (i: number, m: WorkerMessage) => says[i](m),
  }
  return host
}

describe('ObservedHost', () => {
  it('lists the pids of live workers only', () => {
    const base = fakeHost()
    const host = new ObservedHost(base, [])
    host.spawn()
    host.spawn()
    expect(host.pids()).toEqual([1000, 1001])
    base.exit(0)
    expect(host.pids()).toEqual([1001])
  })

  it('tells its listeners of each exit once, before the pool, with whether the pool asked for it', () => {
    const base = fakeHost()
    const heard: string[] = []
    const listener: WorkerListener = { exited: (w, e) => void heard.push(`${w.pid} ${e.signal ?? e.code} ${e.asked ? 'asked' : 'crashed'}`) }
    const host = new ObservedHost(base, [listener])
    const a = host.spawn()
    const b = host.spawn()
    a.onExit(() => void heard.push('pool heard 1000'))
    b.kill()
    expect(base.killed).toEqual([1]) // the kill reaches the worker
    base.exit(1)
    base.exit(0, 'SIGKILL')
    base.exit(0, 'SIGKILL') // a second exit report of the same worker
    expect(heard).toEqual(['1001 0 asked', '1000 SIGKILL crashed', 'pool heard 1000', 'pool heard 1000'])
  })

  it('gives the pool the messages no listener takes, in order', () => {
    const base = fakeHost()
    const taken: WorkerMessage[] = []
    const host = new ObservedHost(base, [{ message: (_w, m) => m.type === 'turn-wait' && taken.push(m) > 0 }])
    const seen: WorkerMessage[] = []
    host.spawn().onMessage((m) => seen.push(m))
    const wait: WorkerMessage = { type: 'turn-wait', jobId: 1, order: 0 }
    const progress: WorkerMessage = { type: 'progress', jobId: 1, stage: 'scan', fraction: 0.5 }
    base.say(0, progress)
    base.say(0, wait)
    base.say(0, progress)
    expect(taken).toEqual([wait])
    expect(seen).toEqual([progress, progress])
  })
})

describe('whenAllExited', () => {
  it('calls once when the last of the workers has exited, one turn later', async () => {
    const base = fakeHost()
    let calls = 0
    const host = new ObservedHost(base, [whenAllExited(() => calls++)])
    host.spawn()
    host.spawn()
    base.exit(0)
    await turn()
    expect(calls).toBe(0) // one still runs
    base.exit(1)
    expect(calls).toBe(0) // not within the exit itself
    await turn()
    expect(calls).toBe(1)
    base.exit(1) // a second exit report of the same worker is no new exit
    await turn()
    expect(calls).toBe(1)
    host.spawn() // the next scan burst, and its end
    base.exit(2)
    await turn()
    expect(calls).toBe(2)
  })

  it('does not call when a crashed worker is replaced in the same turn', async () => {
    const base = fakeHost()
    let calls = 0
    const host = new ObservedHost(base, [whenAllExited(() => calls++)])
    host.spawn()
    base.exit(0)
    host.spawn() // the pool replaces it from the exit
    await turn()
    expect(calls).toBe(0)
  })
})
