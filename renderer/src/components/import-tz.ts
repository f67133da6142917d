// The Import CSV view's time zone field: what it suggests, and what it sends (shared/scanner.ts
// ImportTzSchema: absent = the symbol's remembered zone, null = UTC, else the zone the engine checks).

/** Zones brokers' servers commonly keep, offered in the field (any IANA zone or offset is accepted). */
export const SUGGESTED_ZONES = ['UTC', 'Europe/Athens', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', '+02:00', '+03:00']

/** The field as the API takes it: empty = the symbol's remembered zone (else UTC); UTC (or Z, GMT) = UTC, forgetting one. */
export function tzParam(field: string): string | null | undefined {
  const z = field.trim()
  if (z === '') return undefined
  return /^(utc|z|gmt)$/i.test(z) ? null : z
}
