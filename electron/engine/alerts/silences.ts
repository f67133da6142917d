// The silences in force: loaded from the store at start, added and removed by clients, bounded to
// MAX_ACTIVE_SILENCES active ones, and dropped from memory once they end. The alert engine, its
// built-in alerts and the FVG alerts mute by this one list (muting.ts).
import type { Silence } from '../../../shared/alerts.ts'
import { MAX_ACTIVE_SILENCES } from '../../../shared/limits.ts'
import type { AlertStore } from './alert-store.ts'

export class Silences {
  private readonly store: AlertStore
  private silences: Silence[]

  constructor(store: AlertStore, now: number) {
    this.store = store
    this.silences = store.silences(now)
  }

  /** Every silence held (an ended one until the next `dropEnded`): what muting matches against. */
  get list(): readonly Silence[] {
    return this.silences
  }

  /** Adds a silence; refused past MAX_ACTIVE_SILENCES active ones (every one is kept, stored and matched). */
  add(s: Omit<Silence, 'id' | 'createdAt'>, now: number): Silence {
    this.silences = this.silences.filter((x) => x.until > now)
    if (this.silences.length >= MAX_ACTIVE_SILENCES) {
      throw new Error(`At most ${MAX_ACTIVE_SILENCES} silences can be active at once: remove one (alertsUnsilence) or wait for one to end.`)
    }
    const full = { ...s, createdAt: now }
    const id = this.store.addSilence(full)
    const out = { id, ...full }
    this.silences.push(out)
    return out
  }

  remove(id: number): boolean {
    this.silences = this.silences.filter((s) => s.id !== id)
    return this.store.deleteSilence(id)
  }

  active(now: number): Silence[] {
    return this.silences.filter((s) => s.until > now).slice(0, MAX_ACTIVE_SILENCES) // a database from before the bound may hold more
  }

  /** Forgets the silences that have ended (run once a tick: a new list only when one has). */
  dropEnded(now: number): void {
    let ended = false
    for (let k = 0; k < this.silences.length && !ended; k++) ended = this.silences[k].until <= now
    if (ended) this.silences = this.silences.filter((s) => s.until > now)
  }
}
