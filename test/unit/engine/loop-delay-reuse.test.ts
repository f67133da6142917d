// The event-loop delay monitor empties its histogram for each new window at the same resolution
// instead of making a new one: each native histogram is ~370 KB outside V8's heap, and one per 10 s
// window piled up until a full GC (which at rest is rare) and left the malloc arena fragmented.
import type * as PerfHooks from 'node:perf_hooks'
import { afterEach, describe, expect, it, vi } from 'vitest'

const made = vi.hoisted(() => ({ count: 0 }))
vi.mock('node:perf_hooks', async (importOriginal) => {
  const real = await importOriginal<typeof PerfHooks>()
  return {
    ...real,
    monitorEventLoopDelay: (o?: Parameters<typeof real.monitorEventLoopDelay>[0]) => {
      made.count++
      return real.monitorEventLoopDelay(o)
    },
  }
})
const { LoopDelayMonitor } = await import('../../../electron/engine/loop-delay.ts')

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))
function block(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // spin
  }
}

describe('LoopDelayMonitor histograms', () => {
  let stop: (() => void) | null = null
  afterEach(() => stop?.())

  it('keeps one histogram across windows of one resolution, and a new one only when the resolution changes', async () => {
    made.count = 0
    let wall = 0
    let busy = false
    const m = new LoopDelayMonitor({ busy: () => busy, restMs: 10, busyMs: 5, windowMs: 1000, now: () => wall })
    stop = () => m.stop()
    expect(made.count).toBe(1)
    for (let w = 1; w <= 20; w++) {
      wall = w * 1000
      m.read()
    }
    expect(made.count).toBe(1)
    // The emptied histogram still measures: a block in the new window shows, and goes with the window.
    await tick(50) // a few timer periods first (a histogram, new or emptied, counts from its second timer)
    block(200)
    await tick(30)
    expect(m.read().maxMs).toBeGreaterThanOrEqual(150)
    wall += 1000
    m.read() // the block's window completes: it still shows for one more window
    await tick(30)
    wall += 1000
    m.read()
    await tick(30)
    expect(m.read().maxMs).toBeLessThan(150)
    busy = true
    m.read()
    expect(made.count).toBe(2)
    expect(m.resolutionMs).toBe(5)
  })
})
