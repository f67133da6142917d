// Workers share the host's compile cache: a forked process does not inherit module.enableCompileCache(),
// so the host passes its cache directory in NODE_COMPILE_CACHE (a worker's start-up CPU: ~60 ms
// from the cache against ~280 ms without, bench/fvg/worker-start.ts).
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { workerEnv } from '../../../../electron/engine/pool/worker-host.ts'
import { tempDir } from '../../../helpers/temp.ts'

const workerHost = path.resolve(import.meta.dirname, '../../../../electron/engine/pool/worker-host.ts')

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

  it('gives the workers the folder the host enabled, not the version folder Node made inside it', () => {
    // A real host: module.getCompileCacheDir() names <folder>/v<node>-<arch>-…; a worker given that
    // would make its own version folder inside it and share none of the host's entries.
    const folder = tempDir()
    const code = `import module from 'node:module'
module.enableCompileCache(${JSON.stringify(folder)})
const { workerEnv } = await import(${JSON.stringify(workerHost)})
console.log(JSON.stringify({ dir: module.getCompileCacheDir(), env: workerEnv({}).NODE_COMPILE_CACHE }))`
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, NODE_COMPILE_CACHE: '' } })) as { dir: string; env: string }
    expect(path.dirname(out.dir)).toBe(folder)
    expect(out.env).toBe(folder)
  })
})
