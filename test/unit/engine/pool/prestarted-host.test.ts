// Workers forked ahead of the pool (gapwatch scan starts them before loading its modules): handed
// out first, the unused ones ended by dispose(), and an exit before the pool listened still told.
// The WorkerHost here is a fake that records calls: what is tested is the hand-out, not a process.
import { describe, expect, it } from 'vitest'
import { prestartedHost, type WorkerHandle, type WorkerHost } from '../../../../electron/engine/pool/worker-host.ts'

function fakeHost() {
  const spawned: Array<{ pid: number; killed: boolean; exit: (code: number | null, signal: string | null) => void }> = []
  const host: WorkerHost = {
    spawn(): WorkerHandle {
      const exitListeners: Array<(c: number | null, s: string | null) => void> = []
      const rec = { pid: 100 + spawned.length, killed: false, exit: (c: number | null, s: string | null) => exitListeners.forEach((l) => l(c, s)) }
      spawned.push(rec)
      return { pid: rec.pid, send() {}, onMessage() {}, onExit: (l) => void exitListeners.push(l), kill: () => void (rec.killed = true) }
    },
  }
  return { host, spawned }
}

describe('prestartedHost', () => {
  it('forks at once, hands the early workers out first, then forks as usual', () => {
    const { host, spawned } = fakeHost()
    const early = prestartedHost(host, 2)
    expect(spawned.map((s) => s.pid)).toEqual([100, 101])
    expect([early.spawn().pid, early.spawn().pid, early.spawn().pid]).toEqual([100, 101, 102])
  })

  it('ends the workers never handed out, not the others', () => {
    const { host, spawned } = fakeHost()
    const early = prestartedHost(host, 3)
    early.spawn()
    early.dispose()
    expect(spawned.map((s) => s.killed)).toEqual([false, true, true])
  })

  it('tells a late listener about a worker that exited before it was handed out', async () => {
    const { host, spawned } = fakeHost()
    const early = prestartedHost(host, 1)
    spawned[0].exit(1, null)
    const handle = early.spawn()
    const exits: Array<[number | null, string | null]> = []
    handle.onExit((c, s) => exits.push([c, s]))
    await expect.poll(() => exits).toEqual([[1, null]])
  })
})
