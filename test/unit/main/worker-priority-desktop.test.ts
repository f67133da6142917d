// The desktop's pool workers (Electron utility processes) run below normal priority too, set once
// the process has spawned (before that its pid is unknown). Against the named stub of 'electron':
// the binary cannot run here, so the stub's utility process reports the pid of a real Node process
// this test starts, whose priority the kernel then shows.
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as electron from 'electron'
import { utilityWorkerHost } from '../../../electron/main/worker-host.ts'
import { WORKER_NICENESS } from '../../../electron/engine/pool/worker-priority.ts'
import type * as ElectronStub from '../../stubs/electron.ts'
import { processNiceness, threadNiceness } from '../../helpers/niceness.ts'

const stub = electron as unknown as typeof ElectronStub
let real: ChildProcess | null = null

afterEach(async () => {
  stub.utilityProcessState.pid = 4242
  if (real && real.exitCode === null) {
    const exited = new Promise((r) => real!.once('exit', r))
    real.kill('SIGKILL')
    await exited
  }
  real = null
})

describe('utility-process worker priority', () => {
  it('lowers the spawned utility process to the declared niceness, every thread of it', async () => {
    real = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")'], { stdio: ['ignore', 'pipe', 'ignore'] })
    await new Promise((r) => real!.stdout!.once('data', r)) // started: its threads exist
    const pid = real.pid!
    expect(processNiceness(pid)).toBe(os.getPriority())
    stub.utilityProcessState.pid = pid
    const forkSpy = vi.spyOn(stub.utilityProcess, 'fork')
    const handle = utilityWorkerHost('/app/out/main/worker.js').spawn()
    const child = forkSpy.mock.results[0].value as NodeJS.EventEmitter
    forkSpy.mockRestore()
    expect(handle.pid).toBe(pid)
    child.emit('spawn')
    const expected = Math.max(WORKER_NICENESS, os.getPriority())
    expect(processNiceness(pid)).toBe(expected)
    expect(new Set(threadNiceness(pid))).toEqual(new Set([expected]))
  })
})
