// Review finding 5 (corrupt output, both runs say success): two `gapwatch scan`s given the same
// --out leave a file that is neither run's output, and both exit 0. Each run opens --out without
// O_APPEND or a lock (cli/scan-output-file.ts), truncates it in begin(), and its workers write at
// their own offsets: the second run's truncation under the first one's writes leaves the second's
// rows, then a hole of NUL bytes, then the rest of the first's rows. Made deterministic here by
// stopping the first run (its process group, workers included) once its workers have begun writing,
// running the second one to its end, and letting the first go on.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { gapwatchBin, runToEnd, tempDir } from '../helpers/serve.ts'
import { smallRangesEnv } from '../helpers/split-env.ts'
import { generateCandles, writeCandlesCsv } from '../../electron/engine/market/index.ts'

it('two scans to one --out: the file ends as one whole output, or one run says it could not write it', async () => {
  const dir = tempDir('gw-review-sameout-')
  const big = path.join(dir, 'BIG.csv')
  const small = path.join(dir, 'SMALL.csv')
  writeCandlesCsv(big, generateCandles({ seed: 5, count: 400_000, intervalMs: 60_000, startPrice: 100 }))
  writeCandlesCsv(small, generateCandles({ seed: 6, count: 2_000, intervalMs: 60_000, startPrice: 100 }))
  const out = path.join(dir, 'zones.csv')
  const env = { ...process.env, ...smallRangesEnv() }
  // The first run, in a process group of its own so it and its workers can be stopped together.
  const a = spawn(process.execPath, [gapwatchBin, 'scan', big, '--workers', '2', '--format', 'csv', '--out', out], { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
  let aErr = ''
  a.stderr!.on('data', (d: Buffer) => (aErr += d.toString()))
  const aDone = new Promise<number | null>((resolve) => a.on('close', resolve))
  let exited = false
  void aDone.then(() => (exited = true))
  try {
    // Wait until its workers have written rows (more than the header), then stop the whole group.
    while (!exited) {
      const size = fs.existsSync(out) ? fs.statSync(out).size : 0
      if (size > 100_000) break
      await new Promise((r) => setImmediate(r))
    }
    expect(exited).toBe(false) // precondition: stopped mid-write
    process.kill(-a.pid!, 'SIGSTOP')
    const b = await runToEnd(['scan', small, '--format', 'csv', '--out', out])
    process.kill(-a.pid!, 'SIGCONT')
    const aCode = await aDone
    const final = fs.readFileSync(out)
    const aWhole = (await runToEnd(['scan', big, '--format', 'csv'])).stdout
    const bWhole = (await runToEnd(['scan', small, '--format', 'csv'])).stdout
    // Actual: both exit 0 and the file is SMALL's rows, then NUL bytes, then the tail of BIG's rows.
    if (aCode === 0 && b.code === 0) {
      expect(final.includes(0)).toBe(false)
      expect([aWhole, bWhole]).toContain(final.toString())
    } else {
      expect(aErr + b.stderr).toMatch(/zones\.csv/)
    }
  } finally {
    try {
      process.kill(-a.pid!, 'SIGCONT')
      process.kill(-a.pid!, 'SIGKILL')
    } catch {
      // already gone
    }
    await aDone
  }
}, 60_000)
