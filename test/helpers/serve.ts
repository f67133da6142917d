// Starts `gapwatch serve` as a real child process on a free port and waits for its URL line.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { NO_GPU } from './gpu.ts'
import { tempDir } from './temp.ts'
import WebSocket from 'ws'

export { tempDir }

export const gapwatchBin = path.resolve(import.meta.dirname, '../../bin/gapwatch.js')

export interface Served {
  url: string
  child: ChildProcess
  dataDir: string
  stderr: () => string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

const live = new Set<ChildProcess>()

/**
 * Runs bin/gapwatch.js. nvidia-smi is never looked up in PATH: GAPWATCH_NVIDIA_SMI names a file that
 * does not exist (no GPU) unless `env` gives another one (a fake GPU from test/helpers/gpu.ts).
 */
export function runGapwatch(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): ChildProcess {
  const child = spawn(process.execPath, [gapwatchBin, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GAPWATCH_NVIDIA_SMI: NO_GPU, ...env },
  })
  live.add(child)
  child.once('exit', () => live.delete(child))
  return child
}

/** Kills what a test file left running (before its temp directories are removed). */
export async function killLeftoverChildren(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done()
          child.once('exit', () => done())
          child.kill('SIGKILL')
        }),
    ),
  )
  live.clear()
}

export function startServe(args: string[] = [], dataDir = tempDir('gw-serve-'), env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = runGapwatch(['serve', '--port', '0', '--data-dir', dataDir, ...args], env)
  let out = ''
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code}: ${err}`))
    })
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /gapwatch serve: (https?:\/\/\S+)/.exec(out)
      if (!m) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      resolve({
        url: m[1],
        child,
        dataDir,
        stderr: () => err,
        stop: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode)
            child.once('exit', (code) => done(code))
            child.kill(signal)
          }),
      })
    })
  })
}

/** Runs gapwatch to completion and returns its exit code and output. */
export function runToEnd(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = runGapwatch(args, env, cwd)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

/** Sends one command to a serve over its WebSocket stream and resolves the reply's result. */
export function callServe(url: string, command: string, params: unknown): Promise<unknown> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`)
  return new Promise((resolve, reject) => {
    ws.on('error', reject)
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, command, params })))
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: unknown }
      if (m.id !== 1) return
      ws.close()
      if (m.error !== undefined) reject(new Error(JSON.stringify(m.error)))
      else resolve(m.result)
    })
  })
}
