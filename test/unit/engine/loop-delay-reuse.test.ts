// The event-loop delay monitor empties its histogram for each new window at the same resolution
// instead of making a new one: each native histogram is ~370 KB outside V8's heap, and one per 10 s
// window piled up until a full GC (which at rest is rare) and left the malloc arena fragmented.
import type * as PerfHooks from 'node:perf_hooks'
import { afterEach, describe, expect, it, vi } from 'vitest'

const made = vi.hoisted(() => ({ count: 0, last: null as { count: number } | null }))
vi.mock('node:perf_hooks', async (importOriginal) => {
  const real = await importOriginal<typeof PerfHooks>()
  return {
    ...real,
    monitorEventLoopDelay: (o?: Parameters<typeof real.monitorEventLoopDelay>[0]) => {
      made.count++
      const h = real.monitorEventLoopDelay(o)
      made.last = h
      return h
    },
  }
})
const { LoopDelayMonitor } = await import('../../../electron/engine/loop-delay.ts')

/** Waits until the histogram in use has a sample (a histogram, new or emptied, counts from its second timer). */
const sampled = () => expect.poll(() => made.last?.count ?? 0, { interval: 5 }).toBeGreaterThan(0)
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
    // A 600 ms block against a 400 ms bar: a loaded machine delays timers, but not by hundreds of ms.
    await sampled()
    block(600)
    await expect.poll(() => m.read().maxMs, { interval: 5 }).toBeGreaterThanOrEqual(400) // same window: read() keeps it
    wall += 1000
    m.read() // the block's window completes: it still shows for one more window
    await sampled() // the emptied histogram measures the new window (without a sample it would not count)
    expect(m.read().maxMs).toBeGreaterThanOrEqual(400)
    wall += 1000
    m.read() // that window completes: the block is gone
    expect(m.read().maxMs).toBeLessThan(400)
    busy = true
    m.read()
    expect(made.count).toBe(2)
    expect(m.resolutionMs).toBe(5)
  })
})
