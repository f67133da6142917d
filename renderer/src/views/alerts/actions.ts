// What the buttons of the Alerts view do: engine commands, then a refetch of what they change.
import { snoozeUntil } from '../../../../shared/durations.ts'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { invalidateAlertData } from '../../client/queries.ts'
import { localTimeZone } from './data.ts'

/** The snoozes offered on each alert: the spec snoozeUntil reads, and its label. */
export const SNOOZES = [
  { spec: '15m', label: '15 min' },
  { spec: '1h', label: '1 h' },
  { spec: '08:00', label: 'until 08:00' },
] as const

export async function acknowledge(client: GapwatchClient, rule: string): Promise<void> {
  await client.call('alertsAcknowledge', { name: rule })
  invalidateAlertData()
}

export async function snooze(client: GapwatchClient, rule: string, spec: string, label: string, now = Date.now()): Promise<void> {
  const until = snoozeUntil(spec, now, localTimeZone())
  if (until === null) throw new Error(`"${spec}" is not a snooze`)
  await client.call('alertsSilence', { rule, until, comment: `Snoozed ${label}` })
  invalidateAlertData()
}

export async function silence(client: GapwatchClient, rule: string | null, until: number, comment: string): Promise<void> {
  await client.call('alertsSilence', { rule, until, comment })
  invalidateAlertData()
}

export async function unsilence(client: GapwatchClient, id: number): Promise<void> {
  await client.call('alertsUnsilence', { id })
  invalidateAlertData()
}
