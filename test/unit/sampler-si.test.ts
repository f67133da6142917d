// engine/sampler/si.ts imports each systeminformation function from the lib file that defines it
// (the index loads all 20 of them into the engine for good). Each must be the very function the
// index exports, on every platform; Windows takes the index itself (it sets up PowerShell first).
// withSiOnce (the start-up inventory) lets the lib files go after its job on Linux (let-go.ts).
import module from 'node:module'
import path from 'node:path'
import si from 'systeminformation'
import { describe, expect, it } from 'vitest'
import { LIB_OF, siFunction, withSiOnce, type SiFunction } from '../../electron/engine/sampler/si.ts'

const names = Object.keys(LIB_OF) as SiFunction[]

describe('siFunction', () => {
  it.each(['linux', 'darwin', 'win32'] as const)('gives the index’s own functions on %s', async (platform) => {
    for (const name of names) expect(await siFunction(name, platform), name).toBe(si[name])
  })

  it('reads this machine through a lib file', async () => {
    const mem = await (await siFunction('mem', 'linux'))()
    expect(mem.total).toBeGreaterThan(0)
  })
})

describe('withSiOnce', () => {
  const siModules = () => Object.keys(module.createRequire(import.meta.url).cache).filter((id) => id.includes(`${path.sep}systeminformation${path.sep}`))

  it('on Linux: reads this machine through the lib files, then takes them out of require’s cache', async () => {
    const mem = await withSiOnce(async (get) => {
      const fn = await get('mem')
      expect(fn.name).toBe(si.mem.name)
      expect(siModules().some((id) => id.endsWith(`${path.sep}lib${path.sep}memory.js`))).toBe(true)
      return fn()
    }, 'linux')
    expect(mem.total).toBeGreaterThan(0)
    expect(siModules()).toEqual([])
  })

  it.each(['darwin', 'win32'] as const)('on %s: siFunction’s functions, which the fallback sampler keeps using', async (platform) => {
    await withSiOnce(async (get) => {
      for (const name of names) expect(await get(name), name).toBe(si[name])
    }, platform)
  })
})
