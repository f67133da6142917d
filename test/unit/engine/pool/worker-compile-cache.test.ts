// A pool worker writes its compile cache while it lives: Node writes it only at a normal exit, and
// the pool ends workers with SIGKILL, so before this no worker's own modules were ever cached and
// each worker stripped and compiled them afresh (~250 ms of CPU instead of ~25 ms).
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { workerEntry } from '../../../../electron/engine/pool/worker-host.ts'
import type { WorkerMessage } from '../../../../electron/engine/pool/protocol.ts'
import { bundledDataPath } from '../../../../electron/engine/market/index.ts'
import { tempDir } from '../../../helpers/temp.ts'

let child: ChildProcess | null = null
afterEach(() => {
  child?.kill('SIGKILL')
  child = null
})

/** Every file under a directory (Node keeps the cache in a per-version subfolder). */
const files = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile())

describe('pool worker compile cache', () => {
  it('is written while the worker is alive, before anything ends it', { timeout: 60_000 }, async () => {
    const cache = tempDir()
    const c = fork(workerEntry, [], {
      serialization: 'advanced',
      env: { ...process.env, NODE_COMPILE_CACHE: cache },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'],
    })
    child = c
    const result = new Promise<WorkerMessage>((resolve) => c.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') c.send({ type: 'job', jobId: 1, spec: { kind: 'scan', symbol: 'EURUSD', source: { kind: 'file', path: bundledDataPath('eurusd_15m.csv') }, options: {} } })
      if (m.type === 'result' || m.type === 'error') resolve(m)
    }))
    expect((await result).type).toBe('result')
    await expect.poll(() => files(cache).length, { timeout: 30_000 }).toBeGreaterThan(0)
    expect(c.exitCode).toBeNull() // still running: written by the worker, not by an exit
  })
})
