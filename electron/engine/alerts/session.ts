// Active windows (market sessions): on the listed weekdays between HH:MM and HH:MM in an IANA time
// zone. Wall-clock time in the zone comes from @date-fns/tz, so 08:00 Europe/London is 08:00 on both
// sides of a DST change. A session whose `to` is before its `from` runs past midnight (it belongs to
// the day it starts on). The answer is cached per UTC minute: every zone's offset is whole minutes.
import { TZDate } from '@date-fns/tz'
import type { Session } from '../../../shared/alerts.ts'

const DAY_INDEX = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } as const

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

export class SessionWindow {
  private readonly days: boolean[] = [false, false, false, false, false, false, false]
  private readonly from: number
  private readonly to: number
  private readonly tz: string
  private cachedMinute = NaN
  private cached = false

  constructor(s: Session) {
    for (const d of s.days) this.days[DAY_INDEX[d]] = true
    this.from = minutes(s.from)
    this.to = minutes(s.to)
    this.tz = s.tz
  }

  contains(t: number): boolean {
    const minute = Math.floor(t / 60_000)
    if (minute === this.cachedMinute) return this.cached
    this.cachedMinute = minute
    const local = new TZDate(t, this.tz)
    const day = local.getDay()
    const m = local.getHours() * 60 + local.getMinutes()
    let inside: boolean
    if (this.from === this.to) inside = this.days[day]
    else if (this.from < this.to) inside = this.days[day] && m >= this.from && m < this.to
    else inside = (this.days[day] && m >= this.from) || (this.days[(day + 6) % 7] && m < this.to)
    this.cached = inside
    return inside
  }
}
