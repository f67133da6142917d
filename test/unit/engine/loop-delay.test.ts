// Event-loop delay in self-telemetry: a handler that blocks the engine's thread shows up in the figure.
import { afterEach, describe, expect, it } from 'vitest'
import { LoopDelayMonitor } from '../../../electron/engine/loop-delay.ts'

/** Keeps the thread busy for `ms` (what a slow synchronous handler does). */
function block(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // spin
  }
}
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('LoopDelayMonitor', () => {
  const monitors: LoopDelayMonitor[] = []
  afterEach(() => {
    for (const m of monitors.splice(0)) m.stop()
  })
  const monitor = (o: ConstructorParameters<typeof LoopDelayMonitor>[0]) => {
    const m = new LoopDelayMonitor(o)
    monitors.push(m)
    return m
  }

  it('shows a blocked event loop in p99 and max, and keeps it for the next window', async () => {
    let wall = 0
    const m = monitor({ restMs: 10, windowMs: 10_000, now: () => wall })
    await tick(50) // a few timer periods without a block
    block(300)
    await tick(30) // the timer due during the block fires now, late
    const d = m.read()
    // Late by about the block's length less one period; a slower machine only adds to it.
    expect(d.maxMs).toBeGreaterThanOrEqual(250)
    expect(d.p99Ms).toBeGreaterThanOrEqual(250)
    expect(d.p50Ms).toBeLessThanOrEqual(d.p99Ms)
    wall = 10_000 // the window completes: the block still shows from it, through the next window
    expect(m.read().maxMs).toBeGreaterThanOrEqual(250)
    await tick(30)
    wall = 20_000
    expect(m.read().maxMs).toBeGreaterThanOrEqual(250)
    await tick(30)
    // The completed window is now one without a block: it is gone.
    expect(m.read().maxMs).toBeLessThan(250)
  })

  it('samples finely while busy and coarsely at rest, switching when busy() changes', () => {
    let busy = false
    const m = monitor({ busy: () => busy, restMs: 250, busyMs: 10 })
    expect(m.resolutionMs).toBe(250)
    busy = true
    m.read()
    expect(m.resolutionMs).toBe(10)
    busy = false
    m.read()
    expect(m.resolutionMs).toBe(250)
  })

  it('reads zeros after stop', () => {
    const m = monitor({})
    m.stop()
    expect(m.read()).toEqual({ p50Ms: 0, p99Ms: 0, maxMs: 0 })
  })
})
