// A value React can read with useSyncExternalStore, set from anywhere. Only the few values the
// page shows as React state live in signals; per-sample chart data never does.
import { useSyncExternalStore } from 'react'

export class Signal<T> {
  private value: T
  private readonly listeners = new Set<() => void>()

  constructor(initial: T) {
    this.value = initial
  }

  readonly get = (): T => this.value

  set(next: T): void {
    if (Object.is(next, this.value)) return
    this.value = next
    for (const l of [...this.listeners]) l()
  }

  update(fn: (prev: T) => T): void {
    this.set(fn(this.value))
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

export function useSignal<T>(signal: Signal<T>): T {
  return useSyncExternalStore(signal.subscribe, signal.get)
}
