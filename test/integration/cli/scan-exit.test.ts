// `gapwatch scan --workers N` ends as soon as its output is written: nothing (such as close()'s
// wait for the workers) holds the process on a timer after the work is done.
import path from 'node:path'
import { expect, it } from 'vitest'
import { runToEnd } from '../../helpers/serve.ts'
import { bundledDataPath } from '../../../electron/engine/market/index.ts'

const watch = path.resolve(import.meta.dirname, '../../fixtures/pool/long-timers.mjs')

it('a one-file scan with --workers 2 exits without waiting on a long timer after its output', async () => {
  const r = await runToEnd(['scan', bundledDataPath('eurusd_15m.csv'), '--workers', '2', '--format', 'json'], {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${watch}`.trim(),
  })
  expect(r.code).toBe(0)
  expect((JSON.parse(r.stdout) as { stats: { files: number } }).stats.files).toBe(1)
  // The check itself ran (the preload reported), and no ≥ 1 s timer fired after the work.
  expect(r.stderr).toContain('long timers fired: []')
})
