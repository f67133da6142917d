// The alert log keeps at least 30 days; silences go when they expire; the log filters by rule, severity, time.
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { AlertStore, ALERT_LOG_DAYS } from '../../../../electron/engine/alerts/alert-store.ts'

const DAY = 86_400_000

describe('alert store', () => {
  it('purges log rows older than its keep (≥ 30 days) and expired silences, nothing newer', () => {
    expect(ALERT_LOG_DAYS).toBeGreaterThanOrEqual(30)
    const db = openDatabase(':memory:')
    const s = new AlertStore(db)
    const now = Date.UTC(2026, 5, 1)
    s.log(now - 30 * DAY, 'a', 'warning', 'firing', 1, 'kept', null)
    s.log(now - (ALERT_LOG_DAYS + 1) * DAY, 'a', 'warning', 'firing', 1, 'old', null)
    s.addSilence({ rule: 'a', labels: {}, until: now - 1, comment: '', createdAt: now - DAY })
    const live = s.addSilence({ rule: 'a', labels: {}, until: now + DAY, comment: 'x', createdAt: now })
    s.purge(now)
    expect(s.logEntries({ limit: 10 }).map((e) => e.message)).toEqual(['kept'])
    expect(db.prepare('SELECT id FROM alert_silence').pluck().all()).toEqual([live])
    db.close()
  })

  it('filters the log by rule, severity and time, newest first', () => {
    const db = openDatabase(':memory:')
    const s = new AlertStore(db)
    s.log(1000, 'a', 'warning', 'firing', 1, 'a1', null)
    s.log(2000, 'b', 'critical', 'firing', 2, 'b1', null)
    s.log(3000, 'a', 'warning', 'resolved', 0, 'a2', null)
    expect(s.logEntries({ rule: 'a', limit: 10 }).map((e) => e.message)).toEqual(['a2', 'a1'])
    expect(s.logEntries({ severity: 'critical', limit: 10 }).map((e) => e.message)).toEqual(['b1'])
    expect(s.logEntries({ from: 1500, to: 3000, limit: 10 }).map((e) => e.message)).toEqual(['b1'])
    db.close()
  })
})
