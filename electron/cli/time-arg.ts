// Times on the command line: ISO 8601 (`2026-03-01T08:00Z`, `2026-03-01`), epoch ms, `now`, or a
// Prometheus duration meaning that long ago (`7d`, `24h`).
import { parsePromDuration } from '../../shared/durations.ts'
import { parseIsoTime } from '../../shared/iso-time.ts'
import { UsageError } from './common.ts'

export function parseTimeArg(option: string, text: string, now = Date.now()): number {
  if (text === 'now') return now
  if (/^\d{11,}$/.test(text)) return Number(text)
  const ago = parsePromDuration(text)
  if (ago !== null) return now - ago
  const iso = parseIsoTime(text)
  if (iso.ok) return iso.t
  if (iso.kind === 'not-a-date') throw new UsageError(`${option}: "${text}" ${iso.reason}.`)
  throw new UsageError(`${option}: "${text}" is not a time (ISO 8601 like 2026-03-01T08:00Z, epoch ms, "now", or a duration ago like 7d).`)
}
