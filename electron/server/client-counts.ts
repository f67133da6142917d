// What each client (rate-limit.ts limitKey: an address, an IPv6 /64) holds at once: its sockets
// (connections.ts) or its API reads in flight (read-slots.ts). A client is forgotten at zero, so the
// map stays as small as the set of clients holding something.
export class ClientCounts {
  private readonly counts = new Map<string, number>()

  get(client: string): number {
    return this.counts.get(client) ?? 0
  }

  add(client: string): void {
    this.counts.set(client, this.get(client) + 1)
  }

  release(client: string): void {
    const left = this.get(client) - 1
    if (left > 0) this.counts.set(client, left)
    else this.counts.delete(client)
  }
}
