// Times on the command line: ISO 8601 (`2026-03-01T08:00Z`, `2026-03-01`), epoch ms, `now`, or a
// Prometheus duration meaning that long ago (`7d`, `24h`).
import { parsePromDuration } from '../../shared/durations.ts'
import { UsageError } from './common.ts'

export function parseTimeArg(option: string, text: string, now = Date.now()): number {
  if (text === 'now') return now
  if (/^\d{11,}$/.test(text)) return Number(text)
  const ago = parsePromDuration(text)
  if (ago !== null) return now - ago
  const t = Date.parse(text)
  if (/^\d{4}-\d\d-\d\d/.test(text) && Number.isFinite(t)) return t
  throw new UsageError(`${option}: "${text}" is not a time (ISO 8601 like 2026-03-01T08:00Z, epoch ms, "now", or a duration ago like 7d).`)
}
