// A split job's merge runs on the pool's host thread in slices over event-loop turns, not in the
// turn its last part's result arrives (issue 13: the engine's thread stays responsive). Real worker
// processes; the host is only wrapped to see when the pool receives each message.
import { afterEach, describe, expect, it } from 'vitest'
import { Pool, JobCancelledError } from '../../../electron/engine/pool/pool.ts'
import { nodeWorkerHost, type WorkerHost } from '../../../electron/engine/pool/worker-host.ts'
import type { ScanJobSpec, WorkerMessage } from '../../../electron/engine/pool/protocol.ts'
import { detectFvgs } from '../../../electron/engine/fvg/index.ts'
import { generateCandles } from '../../../electron/engine/market/index.ts'
import { defaultFvgOptions } from '../../../shared/fvg.ts'

const spec: ScanJobSpec = {
  kind: 'scan', symbol: 'SPLIT', source: { kind: 'generated', seed: 11, count: 60_000, intervalMs: 60_000, startPrice: 100 }, options: defaultFvgOptions,
}

/** The real Node host, calling `after(message)` right after the pool has handled each message. */
function observed(after: (m: WorkerMessage) => void): WorkerHost {
  const host = nodeWorkerHost()
  return {
    spawn() {
      const h = host.spawn()
      return { ...h, pid: h.pid, onMessage: (l) => h.onMessage((m) => (l(m), after(m))) }
    },
  }
}

let pool: Pool | null = null
afterEach(async () => {
  await pool?.close()
  pool = null
})

describe('split-job merge in turns', () => {
  it('emits the merged result after the turn of the last part, equal to a whole scan', async () => {
    let parts = 0
    let resultInMessageTurn = false
    let emitted = 0
    pool = new Pool(observed((m) => {
      if (m.type !== 'result') return
      parts++
      if (emitted > 0) resultInMessageTurn = true
    }), 2, { segmentCandles: 10_000 })
    pool.on('result', () => emitted++)
    const r = await pool.submit(spec).done
    expect(parts).toBe(6)
    expect(resultInMessageTurn).toBe(false)
    expect(emitted).toBe(1)
    const whole = detectFvgs(generateCandles({ seed: 11, count: 60_000, intervalMs: 60_000, startPrice: 100 }))
    expect(r.candles).toBe(60_000)
    expect(Array.from(r.zones!.index)).toEqual(Array.from(whole.index))
    expect(Array.from(r.zones!.mitigatedIndex)).toEqual(Array.from(whole.mitigatedIndex))
  })

  it('a job cancelled while its parts are merged stays cancelled, with no result', async () => {
    let parts = 0
    let id = -1
    pool = new Pool(observed((m) => {
      if (m.type === 'result' && ++parts === 6) expect(pool!.cancel(id)).toBe(true) // merge under way
    }), 2, { segmentCandles: 10_000 })
    let emitted = 0
    pool.on('result', () => emitted++)
    const job = pool.submit(spec)
    id = job.id
    await expect(job.done).rejects.toBeInstanceOf(JobCancelledError)
    // A later job's parts go to the workers and back, long after the cancelled merge's few turns.
    const later = await pool.submit({ ...spec, symbol: 'LATER' }).done
    expect(later.candles).toBe(60_000)
    expect(pool.job(id)!.state).toBe('cancelled')
    expect(emitted).toBe(1) // the later job's only
    expect(pool.stats().cancelled).toBe(1)
  })
})
