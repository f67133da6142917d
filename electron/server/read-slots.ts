// Slots for API reads over HTTP: a client (limitKey: an address, an IPv6 /64) may have at most
// MAX_API_READS_PER_CLIENT in flight and the server MAX_API_READS. A slot is held until the answer
// has gone to the client or its socket closed, so a client that never reads holds its few slots
// instead of making the engine compute and buffer answer after answer (one /api/query can be
// ~11 MB). Past them: 429 with Retry-After, before any work is done.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { MAX_API_READS, MAX_API_READS_PER_CLIENT } from '../../shared/limits.ts'
import { limitKey } from './rate-limit.ts'
import { ClientCounts } from './client-counts.ts'
import type { Rejection } from './reply.ts'

export class ReadSlots {
  private inFlight = 0
  private readonly byClient = new ClientCounts()
  private readonly perClient: number
  private readonly total: number

  constructor(o: { perClient?: number; total?: number } = {}) {
    this.perClient = o.perClient ?? MAX_API_READS_PER_CLIENT
    this.total = o.total ?? MAX_API_READS
  }

  /** Takes a slot for `res` until it closes; a 429 when the client or the server has none free. */
  take(req: IncomingMessage, res: ServerResponse): Rejection | null {
    const client = limitKey(req.socket.remoteAddress ?? 'unknown')
    const mine = this.byClient.get(client)
    const busy =
      mine >= this.perClient
        ? `${client} has ${mine} API reads in flight (at most ${this.perClient}): read the answers first`
        : this.inFlight >= this.total
          ? `${this.inFlight} API reads are in flight on this server (at most ${this.total})`
          : null
    if (busy) return { status: 429, message: `${busy}; retry in a second.`, headers: { 'retry-after': '1' } }
    this.inFlight++
    this.byClient.add(client)
    res.once('close', () => {
      this.inFlight--
      this.byClient.release(client)
    })
    return null
  }
}
