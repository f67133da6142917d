/** Per-second rate of a monotonically increasing counter; 0 when unknown, reset or wrapped. */
export function perSecond(prev: number | undefined, cur: number, seconds: number): number {
  if (prev === undefined || !(seconds > 0)) return 0
  const d = cur - prev
  return d > 0 ? d / seconds : 0
}

/** Splits a line on runs of spaces/tabs. */
export function fieldsOf(line: string): string[] {
  return line.trim().split(/\s+/)
}
