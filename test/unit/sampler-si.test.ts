// engine/sampler/si.ts imports each systeminformation function from the lib file that defines it
// (the index loads all 20 of them into the engine for good). Each must be the very function the
// index exports, on every platform; Windows takes the index itself (it sets up PowerShell first).
import si from 'systeminformation'
import { describe, expect, it } from 'vitest'
import { LIB_OF, siFunction, type SiFunction } from '../../electron/engine/sampler/si.ts'

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
