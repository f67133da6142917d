// The benchmarks' flags (bench/flags.ts): a bad number or an unknown flag ends a benchmark with exit
// code 2 and a message naming the flag and the value, before it measures anything; a good one is
// read as given, a missing one is the default.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { numberFlag } from '../../../bench/flags.ts'

const root = path.resolve(import.meta.dirname, '../../..')

/** Runs a benchmark script with `args`; its exit code and standard error. */
async function run(script: string, args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [path.join(root, script), ...args], { cwd: root, timeout: 30_000 })
    return { code: 0, stderr: r.stderr }
  } catch (err) {
    const e = err as { code: number; stderr: string }
    return { code: e.code, stderr: e.stderr }
  }
}

describe('numberFlag', () => {
  it('reads a good value and gives the default for a missing one', () => {
    expect(numberFlag('--runs', '3', 7, { min: 1 })).toBe(3)
    expect(numberFlag('--runs', undefined, 7, { min: 1 })).toBe(7)
    expect(numberFlag('--share', '0.5', 1, { min: 0, max: 1, integer: false })).toBe(0.5)
  })

  it.each([
    ['bench/rest-memory.ts', ['--runs', '0'], "--runs must be an integer at least 1, got '0'"],
    ['bench/rest-memory.ts', ['--runs', 'x'], "--runs must be an integer at least 1, got 'x'"],
    ['bench/rest-memory.ts', ['--runs', ''], "--runs must be an integer at least 1, got ''"],
    ['bench/fvg-loop.ts', ['--runs', '2.5'], "--runs must be an integer 1–20, got '2.5'"],
    ['bench/fvg/worker-start.ts', ['--runs=-1'], "--runs must be an integer at least 1, got '-1'"],
    ['bench/fvg/worker-start.ts', ['--bogus'], "Unknown option '--bogus'"],
    ['bench/fvg/worker-start.ts', ['--baseline', '/no/such/checkout'], '--baseline /no/such/checkout: no pool worker there'],
  ])('%s %j exits 2, naming what was wrong', async (script, args, message) => {
    const r = await run(script, args)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
  })
})
