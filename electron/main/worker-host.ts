// Pool workers as Electron utility processes (the Node host uses child_process.fork instead).
import { utilityProcess } from 'electron'
import type { WorkerHandle, WorkerHost } from '../engine/pool/worker-host.ts'
import type { WorkerMessage } from '../engine/pool/protocol.ts'
import { lowerWorkerPriority } from '../engine/pool/worker-priority.ts'

export function utilityWorkerHost(entry: string): WorkerHost {
  return {
    spawn(): WorkerHandle {
      const child = utilityProcess.fork(entry, [], { serviceName: 'Gapwatch scanner', stdio: 'inherit' })
      // Batch work, below the trader's platform and the engine's thread: its pid is known once spawned.
      child.once('spawn', () => lowerWorkerPriority(child.pid))
      return {
        get pid() {
          return child.pid
        },
        send: (m) => child.postMessage(m),
        onMessage: (l) => void child.on('message', (m: unknown) => l(m as WorkerMessage)),
        // A utility process reports an exit code only; a kill shows as a non-zero code.
        onExit: (l) => void child.once('exit', (code: number) => l(code, null)),
        kill: () => void child.kill(),
      }
    },
  }
}
