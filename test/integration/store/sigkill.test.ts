// A writer process is killed with SIGKILL mid-write, again and again: every flush it acknowledged
// must be there, nothing half-written, and integrity_check must stay ok.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openDatabase } from '../../../electron/engine/store/database.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-kill-'))
const file = path.join(dir, 'gapwatch.db')
const writer = path.resolve(import.meta.dirname, '../../fixtures/store/writer.ts')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function runAndKill(afterMs: number): Promise<{ acked: number[]; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    // Kill only once the writer is flushing, so the kill lands mid-stream.
    const started = setInterval(() => {
      if (out.length > 0) {
        clearInterval(started)
        setTimeout(() => child.kill('SIGKILL'), afterMs)
      }
    }, 5)
    child.on('exit', (_code, signal) => {
      clearInterval(started)
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited by itself: ${err}`))
      const lines = out.split('\n')
      lines.pop() // the last line may be cut short
      resolve({ acked: lines.filter((l) => /^\d+$/.test(l)).map(Number), output: out })
    })
  })
}

it('loses no acknowledged flush and stays intact across 12 SIGKILLs', async () => {
  let acknowledged = 0
  for (let round = 0; round < 12; round++) {
    const { acked, output } = await runAndKill(40 + ((round * 37) % 200))
    expect(output).not.toMatch(/warning/)
    acknowledged += acked.length
    const db = openDatabase(file, { onWarning: (m) => expect.fail(m) })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const stored = db.prepare("SELECT sum(n) AS n FROM raw_block WHERE metric_id = (SELECT id FROM metric WHERE name = 'm.0')").get() as { n: number }
    // Every acknowledged flush is stored; at most the one in flight beyond it.
    expect(stored.n).toBeGreaterThanOrEqual(acknowledged)
    expect(stored.n).toBeLessThanOrEqual(acknowledged + 1)
    acknowledged = stored.n
    // The rollups are in step with raw: written in the same transaction.
    const rolled = db.prepare("SELECT sum(count) AS n FROM rollup_1m WHERE metric_id = (SELECT id FROM metric WHERE name = 'm.0')").get() as { n: number }
    expect(rolled.n).toBe(stored.n)
    db.close()
  }
  expect(acknowledged).toBeGreaterThan(100)
})
