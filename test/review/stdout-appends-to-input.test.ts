// Review finding 8 (unclear message; the input is changed): standard output appended to the input
// file (`gapwatch scan F.csv --format csv >> F.csv`, or a script's log naming the wrong file). The
// header row is written before the input is read, so the input grows by a line gapwatch wrote; a
// split scan then says "changed while it was read; try again" (again fails the same way) and the
// whole scan names its own header as a bad row ("F.csv:20002: column "timestamp": "symbol" is not a
// time"). cli/out-not-input.ts checks only --out; fd 1 can be compared the same way (fstat dev:ino).
// Expected: refused before anything is written, saying standard output is the input file.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { gapwatchBin, tempDir } from '../helpers/serve.ts'
import { generateCandles, writeCandlesCsv } from '../../electron/engine/market/index.ts'

it('refuses standard output appended to the input file, leaving it as it was', async () => {
  const dir = tempDir('gw-review-append-')
  const file = path.join(dir, 'F.csv')
  writeCandlesCsv(file, generateCandles({ seed: 3, count: 2_000, intervalMs: 60_000, startPrice: 100 }))
  const before = fs.readFileSync(file)
  const fd = fs.openSync(file, 'a')
  let stderr = ''
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [gapwatchBin, 'scan', file, '--format', 'csv'], { stdio: ['ignore', fd, 'pipe'] })
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', resolve)
  })
  fs.closeSync(fd)
  // Actual: exit 2, F.csv grew by the header row "symbol,index,time,…", and the message blames row 2002.
  expect(fs.readFileSync(file).equals(before)).toBe(true)
  expect(code).not.toBe(0)
  expect(stderr).toMatch(/standard output/i)
})
