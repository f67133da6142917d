// Memory back to the system after a scan burst (electron/engine/memory-release.ts): the memory-reducing
// GC really runs (and shrinks V8's young generation), exposes no gc() to other code, and the engine's
// host wrapper asks for it once when the last worker has exited — not per exit, and not when a crashed
// worker is replaced in the same turn.
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { reduceMemory, whenWorkersExit } from '../../../electron/engine/memory-release.ts'
import type { WorkerHandle, WorkerHost } from '../../../electron/engine/pool/worker-host.ts'

const turn = () => new Promise((r) => setImmediate(r))
const youngPhysical = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size

/** A WeakRef to an object nothing else holds (made in its own function, so no local keeps it). */
function garbage(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill(0) })
}

/** Fake worker handles (no process): the test decides when each exits. */
function fakeHost(): WorkerHost & { exit(i: number): void; spawned: number } {
  const exits: Array<() => void> = []
  const host = {
    spawned: 0,
    spawn(): WorkerHandle {
      const listeners: Array<(code: number | null, signal: string | null) => void> = []
      exits.push(() => listeners.forEach((l) => l(0, null)))
      host.spawned++
      return { pid: 1000 + host.spawned, send: () => {}, onMessage: () => {}, onExit: (l) => void listeners.push(l), kill: () => {} }
    },
    exit: (i: number) => exits[i](),
  }
  return host
}

describe('reduceMemory', () => {
  it('runs a full GC that collects garbage and gives the grown young generation back', async () => {
    let keep: object[] = []
    for (let i = 0; i < 2_000_000; i++) {
      keep.push({ i, s: `x${i}` }) // survivors make V8 grow its semi-spaces
      if (keep.length > 100_000) keep = []
    }
    keep.length = 0
    const grown = youngPhysical()
    expect(grown).toBeGreaterThan(4 * 2 ** 20) // the burst did grow it (else the test below proves nothing)
    const ref = garbage()
    await turn() // a WeakRef's target is kept until the turn that made it ends
    expect(reduceMemory()).toBe(true)
    expect(ref.deref()).toBeUndefined()
    expect(youngPhysical()).toBeLessThanOrEqual(grown)
    expect(youngPhysical()).toBeLessThanOrEqual(4 * 2 ** 20) // shrunk to its start size (1 MiB here; 4 allows other V8 defaults)
  })

  it('leaves no gc() in contexts made after it (the flag is set back)', () => {
    reduceMemory()
    expect(vm.runInNewContext('typeof gc')).toBe('undefined')
  })
})

describe('whenWorkersExit', () => {
  it('calls once when the last of the workers has exited, one turn later', async () => {
    const base = fakeHost()
    let calls = 0
    const host = whenWorkersExit(base, () => calls++)
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
    const host = whenWorkersExit(base, () => calls++)
    host.spawn()
    base.exit(0)
    host.spawn() // the pool replaces it from the exit
    await turn()
    expect(calls).toBe(0)
  })
})
