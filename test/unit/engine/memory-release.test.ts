// Memory back to the system after a scan burst (electron/engine/memory-release.ts): the memory-reducing
// GC really runs (and shrinks V8's young generation) and exposes no gc() to other code. When the
// engine asks for it: test/unit/engine/pool/observed-host.test.ts (whenAllExited) and
// test/integration/scanner/memory-release-engine.test.ts.
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { reduceMemory } from '../../../electron/engine/memory-release.ts'

const turn = () => new Promise((r) => setImmediate(r))
const youngPhysical = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size

/** A WeakRef to an object nothing else holds (made in its own function, so no local keeps it). */
function garbage(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill(0) })
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
