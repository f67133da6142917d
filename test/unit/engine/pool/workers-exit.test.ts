// The engine's host wrapper (whenWorkersExit, engine/pool/worker-host.ts) tells once when the pool's
// last worker has exited (the engine then gives memory back: engine/memory-release.ts) — not per
// exit, and not when a crashed worker is replaced in the same turn.
import { describe, expect, it } from 'vitest'
import { whenWorkersExit, type WorkerHandle, type WorkerHost } from '../../../../electron/engine/pool/worker-host.ts'

const turn = () => new Promise((r) => setImmediate(r))

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
