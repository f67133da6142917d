// Weighted fair sharing between job queues: the next job comes from the non-empty queue with the
// lowest usage / weight, where usage is the cost of the jobs it has been given. A queue that was
// idle re-enters at the lowest current share, so it cannot claim a burst for the time it was empty
// (as CFS does with vruntime). A large backfill therefore cannot starve a live watchlist.

interface Queue<T> {
  name: string
  weight: number
  usage: number
  jobs: T[]
  /** When it was last served (a counter); ties go to the queue served longest ago. */
  servedAt: number
}

export class FairQueue<T> {
  private readonly queues = new Map<string, Queue<T>>()
  private readonly costOf: (job: T) => number
  private served = 0

  constructor(costOf: (job: T) => number = () => 1) {
    this.costOf = costOf
  }

  setWeight(name: string, weight: number): void {
    if (!(weight > 0)) throw new RangeError(`Queue "${name}": weight must be > 0, got ${weight}`)
    this.queue(name).weight = weight
  }

  private queue(name: string): Queue<T> {
    let q = this.queues.get(name)
    if (!q) this.queues.set(name, (q = { name, weight: 1, usage: 0, jobs: [], servedAt: -1 }))
    return q
  }

  /** Adds a job at the back (or the front, for a retry) of its queue. */
  push(name: string, job: T, front = false): void {
    const q = this.queue(name)
    if (q.jobs.length === 0) {
      const floor = this.minShare()
      if (floor !== null && q.usage / q.weight < floor) q.usage = floor * q.weight
    }
    if (front) q.jobs.unshift(job)
    else q.jobs.push(job)
  }

  /** The lowest usage/weight among queues that have jobs. */
  private minShare(): number | null {
    let min: number | null = null
    for (const q of this.queues.values()) {
      if (q.jobs.length > 0 && (min === null || q.usage / q.weight < min)) min = q.usage / q.weight
    }
    return min
  }

  /** Takes the next job by fair share and charges its cost to its queue. */
  shift(): { queue: string; job: T } | null {
    let best: Queue<T> | null = null
    for (const q of this.queues.values()) {
      if (q.jobs.length === 0) continue
      if (best === null) best = q
      else {
        const a = q.usage / q.weight
        const b = best.usage / best.weight
        if (a < b || (a === b && q.servedAt < best.servedAt)) best = q
      }
    }
    if (!best) return null
    const job = best.jobs.shift()!
    best.usage += this.costOf(job)
    best.servedAt = this.served++
    return { queue: best.name, job }
  }

  /** Removes a waiting job; true if it was there. */
  remove(predicate: (job: T) => boolean): T | null {
    for (const q of this.queues.values()) {
      const i = q.jobs.findIndex(predicate)
      if (i >= 0) return q.jobs.splice(i, 1)[0]
    }
    return null
  }

  get size(): number {
    let n = 0
    for (const q of this.queues.values()) n += q.jobs.length
    return n
  }

  depths(): Record<string, number> {
    return Object.fromEntries([...this.queues.values()].map((q) => [q.name, q.jobs.length]))
  }
}
