// Desktop notifications for alerts: the engine's `alert` events, grouped (alert-delivery.ts), each
// group one Notification; clicking it shows the window.
import { Notification } from 'electron'
import type { Engine } from '../engine/engine.ts'
import { AlertGrouper, type Schedule } from './alert-delivery.ts'

export interface NotifyOptions {
  schedule?: Schedule
  waitMs?: number
}

/** Starts delivering; returns a stop (unsubscribes and drops the groups not yet shown). */
export function notifyAlerts(engine: Engine, showWindow: () => void, o: NotifyOptions = {}): () => void {
  const grouper = new AlertGrouper((n) => {
    if (!Notification.isSupported()) return
    const note = new Notification({ title: n.title, body: n.body, urgency: n.kind === 'firing' ? 'normal' : 'low' })
    note.on('click', showWindow)
    note.show()
  }, o)
  const off = engine.on('alert', (e) => grouper.push(e))
  return () => {
    off()
    grouper.close()
  }
}
