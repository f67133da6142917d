// Workers share the host's compile cache: a forked process does not inherit module.enableCompileCache(),
// so the host passes its cache directory in NODE_COMPILE_CACHE (worker start-up CPU roughly halves).
import { describe, expect, it } from 'vitest'
import { workerEnv } from '../../../../electron/engine/pool/worker-host.ts'

describe('workerEnv', () => {
  it("passes the host's compile cache directory to the workers", () => {
    expect(workerEnv({ PATH: '/bin' }, '/cache/dir')).toEqual({ PATH: '/bin', NODE_COMPILE_CACHE: '/cache/dir' })
  })

  it('keeps a cache directory the user chose, and the environment as is without a cache', () => {
    const chosen = { NODE_COMPILE_CACHE: '/mine' }
    expect(workerEnv(chosen, '/cache/dir')).toBe(chosen)
    const env = { PATH: '/bin' }
    expect(workerEnv(env, undefined)).toBe(env)
  })
})
