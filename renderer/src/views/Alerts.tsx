// Alerts: what is firing now (acknowledge, snooze, silence), the silences in force, the rules with
// their editor and backtest, the alert log and the webhook deliveries. Everything refetches on the
// engine's `alert` event (client/queries.ts); the rules evaluate in the engine, never here.
import { useEffect, useState } from 'react'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { ActiveAlerts } from './alerts/ActiveAlerts.tsx'
import { AlertLog } from './alerts/AlertLog.tsx'
import { Deliveries } from './alerts/Deliveries.tsx'
import { NotifyButton } from './alerts/NotifyButton.tsx'
import { Rules } from './alerts/Rules.tsx'
import { Silences } from './alerts/Silences.tsx'
import { useRules } from './alerts/data.ts'

/** "now" for relative times, moved every 10 s (a clock for the labels, not a data poll). */
function useNow(everyMs = 10_000): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(t)
  }, [everyMs])
  return now
}

export function Alerts({ client }: { client: GapwatchClient }) {
  const now = useNow()
  const rules = useRules(client)
  const list = rules.data ?? []
  return (
    <div className="alerts-view">
      <div className="toolbar">
        <NotifyButton client={client} />
        {rules.isError && <span className="error">Could not read the rules: {rules.error.message}</span>}
      </div>
      <ActiveAlerts client={client} rules={list} now={now} />
      <div className="grid alerts-pair">
        <Silences client={client} now={now} />
        <Deliveries client={client} now={now} />
      </div>
      <Rules client={client} rules={list} loading={rules.isPending} />
      <AlertLog client={client} rules={list} now={now} />
    </div>
  )
}
