// Pool worker entry point. Runs as an Electron utilityProcess (messages on process.parentPort) or
// a Node child_process.fork (process.send). Takes one job at a time; the pool cancels a running job
// by ending the process.
import type { HostMessage, WorkerMessage } from './protocol.ts'
import { runScanJob } from './scan-job.ts'

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

function send(msg: WorkerMessage): void {
  if (parentPort) parentPort.postMessage(msg)
  else process.send?.(msg)
}

async function onMessage(raw: unknown): Promise<void> {
  const msg = raw as HostMessage
  if (msg?.type !== 'job') return
  const { jobId, spec } = msg
  try {
    const result = await runScanJob(spec, (stage, fraction) => send({ type: 'progress', jobId, stage, fraction }))
    send({ type: 'result', jobId, result })
  } catch (err) {
    send({ type: 'error', jobId, message: (err as Error).message })
  }
}

if (parentPort) parentPort.on('message', (e) => void onMessage(e.data))
else {
  process.on('message', (m) => void onMessage(m))
  process.on('disconnect', () => process.exit(0))
}
send({ type: 'ready', pid: process.pid })
