// When the WebSocket requests of one client address are computed. One read can carry 64 requests
// (the per-address bound on requests at once); started together, all 64 results were computed in
// the same turn, before the first reply was queued and counted, so the byte budgets (ws-budget.ts)
// saw nothing until every result was in memory: under 120 sockets that never read, serve peaked at
// 0.9–1.8 GB. Here an address's requests take turns: the next one starts only once the previous
// one's reply is queued (and so counted: the caller checks the budget as its request starts), or
// once the previous one is waiting on something outside this thread (a worker, the disk, the
// network: still unsettled a turn later), so one slow command does not hold up a busy dashboard.
// At most `maxWaiting` of an address wait outside at once: requests that all wait on the same thing
// (64 `candles` of a symbol whose candles a worker is still parsing) would otherwise all be computed
// together once it is done.

interface Turns {
  queue: Array<() => Promise<unknown>>
  /** A request is computing in this thread: nothing else of the address starts. */
  computing: boolean
  /** Requests that were still unsettled a turn after they started: waiting outside the thread. */
  waiting: number
}

export class WsTurns {
  private readonly byAddress = new Map<string, Turns>()
  private closed = false
  private readonly maxWaiting: number

  constructor(maxWaiting: number) {
    this.maxWaiting = maxWaiting
  }

  /**
   * Runs `job` when it is `address`'s turn. `job` must resolve (never reject) once its reply is
   * queued or refused. Jobs of an address start in the order they were given.
   */
  run(address: string, job: () => Promise<unknown>): void {
    let t = this.byAddress.get(address)
    if (!t) this.byAddress.set(address, (t = { queue: [], computing: false, waiting: 0 }))
    t.queue.push(job)
    this.pump(address, t)
  }

  /** Jobs not started are forgotten (the server is closing). */
  close(): void {
    this.closed = true
    this.byAddress.clear()
  }

  private pump(address: string, t: Turns): void {
    while (!this.closed && !t.computing && t.waiting < this.maxWaiting && t.queue.length > 0) {
      const job = t.queue.shift()!
      t.computing = true
      let settled = false
      let outside = false
      const finish = () => {
        settled = true
        if (outside) t.waiting--
        else t.computing = false
        if (t.queue.length === 0 && !t.computing && t.waiting === 0) this.byAddress.delete(address)
        else this.pump(address, t)
      }
      // Still unsettled after this turn's microtasks: it waits on I/O, and holds no result yet.
      setImmediate(() => {
        if (settled) return
        outside = true
        t.waiting++
        t.computing = false
        this.pump(address, t)
      })
      Promise.resolve()
        .then(job)
        .then(finish, finish)
    }
  }
}
