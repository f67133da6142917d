// The engine's malloc tuning (engine/malloc-tuning.ts): added once, the user's own tunables kept, and
// taken off again for the processes the engine starts.
import { describe, expect, it } from 'vitest'
import { MALLOC_TUNABLE, MALLOC_TUNED_MARK, tunedEnv, untunedEnv } from '../../../electron/engine/malloc-tuning.ts'

describe('tunedEnv / untunedEnv', () => {
  it('adds the tunable and marks the environment, which untunedEnv restores', () => {
    const env = { PATH: '/bin' }
    const tuned = tunedEnv(env)
    expect(tuned).toEqual({ PATH: '/bin', GLIBC_TUNABLES: MALLOC_TUNABLE, [MALLOC_TUNED_MARK]: '' })
    expect(untunedEnv(tuned!)).toEqual(env)
  })

  it("appends to the user's GLIBC_TUNABLES and gives them back unchanged", () => {
    const env = { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }
    const tuned = tunedEnv(env)!
    expect(tuned.GLIBC_TUNABLES).toBe(`${MALLOC_TUNABLE}:glibc.malloc.arena_max=2`)
    expect(untunedEnv(tuned)).toEqual(env)
  })

  it('does nothing once tuned (no second re-exec), nor over a threshold the user chose', () => {
    expect(tunedEnv(tunedEnv({})!)).toBeNull()
    expect(tunedEnv({ GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=1048576' })).toBeNull()
    const plain = { PATH: '/bin' }
    expect(untunedEnv(plain)).toBe(plain)
  })
})
