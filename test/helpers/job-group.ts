// A JobGroup (engine/pool/job-group.ts) as the pool drives it, for unit tests: the owner records
// what the group asks of it (stop a part, end the job done or failed) and ends the visible job's
// state as the pool does, so a late part cannot end it again.
import type { JobInfo } from '../../shared/scanner.ts'
import { JobGroup, type GroupPart, type MakePart } from '../../electron/engine/pool/job-group.ts'
import type { ScanJobResult, ScanJobSpec } from '../../electron/engine/pool/protocol.ts'
import type { SplitSizes } from '../../electron/engine/pool/split.ts'

export interface OwnedGroup<P extends GroupPart> {
  group: JobGroup<P>
  info: Partial<JobInfo>
  calls: { stopped: P[]; done: ScanJobResult[]; failed: string[] }
}

/** The group of `spec` with a recording owner, or null when it runs whole. The job is running unless `state` says otherwise. */
export function ownedGroup<P extends GroupPart>(spec: ScanJobSpec, sizes: SplitSizes, makePart: MakePart<P>, state: JobInfo['state'] = 'running'): OwnedGroup<P> | null {
  const info: Partial<JobInfo> = { state, progress: 0, attempts: 0, workerPid: null, stage: state === 'queued' ? 'queued' : 'starting' }
  const calls: OwnedGroup<P>['calls'] = { stopped: [], done: [], failed: [] }
  const group = JobGroup.plan<P>(spec, sizes, makePart, {
    info,
    owner: {
      stop: (p) => void calls.stopped.push(p),
      done: (r) => {
        calls.done.push(r)
        info.state = 'done'
      },
      failed: (m) => {
        calls.failed.push(m)
        info.state = 'failed'
      },
    },
  })
  return group && { group, info, calls }
}
