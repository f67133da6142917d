// How the rule editor names the schema's fields: a label and a hint per known key. A field the
// schema gains later still shows (named after its key) without an entry here.
export const FIELD_TEXT: Record<string, { label: string; hint?: string }> = {
  name: { label: 'Name', hint: 'letters, digits and . _ : -; unique' },
  metric: { label: 'Metric', hint: 'a series Gapwatch records' },
  for: { label: 'For', hint: 'how long the condition must hold before it fires' },
  keep_firing_for: { label: 'Keep firing for', hint: 'holds a firing alert against flapping' },
  severity: { label: 'Severity' },
  labels: { label: 'Labels', hint: 'name=value, comma separated; "group" drives inhibition' },
  message: { label: 'Message', hint: 'placeholders {{value}}, {{threshold}}, {{for}}' },
  session: { label: 'Active window', hint: 'evaluate only in this session' },
  webhook: { label: 'Webhook', hint: 'POST an Alertmanager-style payload' },
  enabled: { label: 'Enabled' },
  aggregate: { label: 'Aggregate', hint: 'over the window (ignored for last)' },
  window: { label: 'Window' },
  op: { label: 'Comparison' },
  threshold: { label: 'Threshold' },
  clear: { label: 'Clear at', hint: 'optional hysteresis: once firing, stays until the value crosses this' },
  method: { label: 'Method', hint: 'ewma: moving mean and deviation; mad: median and MAD' },
  score: { label: 'Score', hint: 'distance from the usual level, in spreads' },
  direction: { label: 'Direction' },
  warmup: { label: 'Warm-up', hint: 'no alert before this much data' },
  floor: { label: 'Floor', hint: 'least absolute distance that counts' },
  days: { label: 'Days' },
  from: { label: 'From', hint: 'HH:MM' },
  to: { label: 'To', hint: 'HH:MM (before From: runs past midnight)' },
  tz: { label: 'Time zone', hint: 'IANA, e.g. Europe/London' },
  url: { label: 'URL' },
  timeout: { label: 'Timeout' },
  retries: { label: 'Retries' },
}

export function fieldText(key: string): { label: string; hint?: string } {
  return FIELD_TEXT[key] ?? { label: key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) }
}

/** The order a trader reads a rule in (what, when, how loud); fields not listed follow, sections last. */
const ORDER = ['name', 'metric', 'aggregate', 'method', 'window', 'op', 'threshold', 'clear', 'score', 'direction', 'warmup', 'floor', 'for', 'keep_firing_for', 'severity', 'labels', 'message', 'enabled']

export function fieldRank(key: string, isSection: boolean): number {
  const at = ORDER.indexOf(key)
  return (isSection ? 2000 : 0) + (at < 0 ? 1000 : at)
}
