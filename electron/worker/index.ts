// Pool worker process entry: an Electron utilityProcess (messages on process.parentPort) or a Node
// child_process.fork (process.send). The protocol and the job code live in engine/pool/.
import type { WorkerMessage } from '../engine/pool/protocol.ts'
import { handleHostMessage, persistCompileCache } from '../engine/pool/worker-loop.ts'

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

function send(msg: WorkerMessage): void {
  if (parentPort) parentPort.postMessage(msg)
  // With a callback, a send to a parent that has died (EPIPE, a closed channel) is reported to it
  // rather than thrown as an unhandled 'error' event with a stack trace on the user's stderr: there is
  // no one left to tell, and 'disconnect' (below) ends this worker.
  else if (process.connected) process.send?.(msg, undefined, {}, ignoreSendError)
}

function ignoreSendError(): void {}

if (parentPort) parentPort.on('message', (e) => void handleHostMessage(e.data, send))
else {
  process.on('message', (m) => void handleHostMessage(m, send))
  process.on('disconnect', () => process.exit(0))
}
send({ type: 'ready', pid: process.pid })
persistCompileCache()
