// A severity as a coloured pill (info blue, warning amber, critical red), the same colours as the tab badge.
import type { Severity } from '../../../../shared/alerts.ts'

export function SeverityPill({ severity }: { severity: Severity }) {
  return <span className={`sev sev-${severity}`}>{severity}</span>
}
