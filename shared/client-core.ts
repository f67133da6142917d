// What every GapwatchClient transport shares: listeners per event, and validation of each incoming
// event and command reply against the contract. The preload (IPC) and the browser (WebSocket)
// only move messages.
import {
  commands,
  events,
  describeZodError,
  isEventName,
  type CommandName,
  type CommandResult,
  type EventName,
  type EventPayload,
} from './contract.ts'

type Listener = (payload: unknown) => void

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener>>()

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener as Listener)
    return () => set.delete(listener as Listener)
  }

  /** Validates an incoming event and hands it to its listeners; an invalid one is logged and dropped. */
  dispatch(name: unknown, data: unknown): void {
    if (!isEventName(name)) return console.error(`gapwatch: unknown event ${String(name)}`)
    const parsed = events[name].safeParse(data)
    if (!parsed.success) return console.error(`gapwatch: invalid ${name} event: ${describeZodError(parsed.error)}`)
    for (const l of this.listeners.get(name) ?? []) l(parsed.data)
  }
}

/** Validates a command's reply; throws with the bad fields named. */
export function parseResult<K extends CommandName>(name: K, result: unknown): CommandResult<K> {
  const parsed = commands[name].result.safeParse(result)
  if (!parsed.success) throw new Error(`Invalid reply to ${name}: ${describeZodError(parsed.error)} (an engine newer than this dashboard can send what it does not know yet: update the dashboard)`)
  return parsed.data as CommandResult<K>
}
