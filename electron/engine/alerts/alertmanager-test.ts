// Settings → Alertmanager's "Send test alert": one alert POSTed to the saved Alertmanager with its
// auth, as the sender posts real ones, that resolves by itself a few minutes later (endsAt). The
// result goes to the delivery log like every delivery, and back to the caller.
import os from 'node:os'
import type { AlertmanagerTarget } from '../../../shared/settings.ts'
import type { DeliveryRecord } from './alert-store.ts'
import { alertmanagerRequest, withoutSecrets, type PostableAlert } from './alertmanager.ts'

/** The test alert's `alertname` (also its rule name in the delivery log). */
export const TEST_ALERT_NAME = 'GapwatchTestAlert'
/** Minutes until Alertmanager resolves the test alert by itself. */
export const TEST_ALERT_MINUTES = 5
const TIMEOUT_MS = 10_000

export interface TestAlertOptions {
  log: (d: DeliveryRecord) => void
  /** The `instance` label: this machine. Default os.hostname(). */
  instance?: string
  now?: () => number
}

export function testAlert(instance: string, now: number): PostableAlert {
  return {
    labels: { alertname: TEST_ALERT_NAME, severity: 'info', instance },
    annotations: { summary: `A test alert from Gapwatch on ${instance}: delivery to this Alertmanager works. It resolves by itself in ${TEST_ALERT_MINUTES} minutes.` },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + TEST_ALERT_MINUTES * 60_000).toISOString(),
  }
}

/** Sends the test alert; the delivery record (delivered, or failed with why) is logged and returned. */
export async function sendTestAlert(target: AlertmanagerTarget | null, o: TestAlertOptions): Promise<DeliveryRecord> {
  if (target === null) throw new Error('No Alertmanager is saved: enter its URL and save first.')
  const now = o.now ?? Date.now
  const { url, headers } = alertmanagerRequest(target)
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(new Error(`no answer within ${TIMEOUT_MS / 1000}s`)), TIMEOUT_MS)
  let httpStatus: number | null = null
  let error: string | null = null
  try {
    const body = JSON.stringify([testAlert(o.instance ?? os.hostname(), now())])
    const res = await fetch(url, { method: 'POST', headers, body, signal: abort.signal, redirect: 'error' })
    httpStatus = res.status
    // Not read: a hostile peer could stream gigabytes (as in alertmanager.ts).
    await res.body?.cancel().catch(() => undefined)
    if (!res.ok) error = `HTTP ${res.status}${res.status === 401 || res.status === 403 ? ': check the user name, password or token' : ''}`
  } catch (err) {
    const e = err as Error & { cause?: Error }
    error = abort.signal.aborted ? String((abort.signal.reason as Error).message) : withoutSecrets(e.cause?.message ?? e.message, target)
  } finally {
    clearTimeout(timer)
  }
  const record: DeliveryRecord = { t: now(), rule: TEST_ALERT_NAME, url, status: error === null ? 'delivered' : 'failed', attempts: 1, httpStatus, error }
  o.log(record)
  return record
}
