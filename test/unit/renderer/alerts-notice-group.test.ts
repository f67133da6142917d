// The browser's notification grouping (shared/alert-group.ts, the same the desktop app uses) with a clock of
// our own: one notification per kind per 30 s, muted and pending events never shown.
import { describe, expect, it } from 'vitest'
import type { AlertEvent } from '../../../shared/alerts.ts'
import { GROUP_WAIT_MS, AlertGrouper as NoticeGrouper, type AlertNotice as BrowserNotice, type Schedule } from '../../../shared/alert-group.ts'
import { GROUP_WAIT_MS as MAIN_GROUP_WAIT_MS, AlertGrouper as MainGrouper } from '../../../electron/main/alert-delivery.ts'

function event(rule: string, state: AlertEvent['state'], o: Partial<AlertEvent> = {}): AlertEvent {
  return {
    rule,
    metric: 'cpu.total',
    severity: 'warning',
    labels: {},
    state,
    activeAt: 0,
    firedAt: state === 'pending' ? null : 0,
    resolvedAt: state === 'resolved' ? 1 : null,
    value: 95,
    message: `${rule} message`,
    muted: null,
    acknowledgedAt: null,
    notify: true,
    ...o,
  }
}

/** A fake clock: timers run when `advance` passes them. */
function clock() {
  let now = 0
  const timers: Array<{ at: number; fn: () => void; live: boolean }> = []
  const schedule: Schedule = (ms, fn) => {
    const t = { at: now + ms, fn, live: true }
    timers.push(t)
    return () => void (t.live = false)
  }
  const advance = (ms: number) => {
    now += ms
    for (const t of timers) {
      if (!t.live || t.at > now) continue
      t.live = false
      t.fn()
    }
  }
  return { schedule, advance }
}

describe('NoticeGrouper', () => {
  it('waits as long as the desktop app does', () => {
    expect(GROUP_WAIT_MS).toBe(MAIN_GROUP_WAIT_MS)
  })

  it('makes one notification of the alerts that fire within the wait, naming the critical ones', () => {
    const c = clock()
    const shown: BrowserNotice[] = []
    const g = new NoticeGrouper((n) => shown.push(n), { schedule: c.schedule })
    g.push(event('cpu', 'firing'))
    c.advance(10_000)
    g.push(event('mem', 'firing', { severity: 'critical' }))
    g.push(event('disk', 'firing'))
    g.push(event('cpu', 'firing', { value: 99 }))
    c.advance(GROUP_WAIT_MS - 10_001)
    expect(shown).toEqual([])
    c.advance(1)
    expect(shown).toEqual([{ kind: 'firing', title: '3 alerts firing (1 critical)', body: 'cpu, mem, disk', rules: ['cpu', 'mem', 'disk'] }])
  })

  it('keeps firing and resolved apart, one alert alone says its message', () => {
    const c = clock()
    const shown: BrowserNotice[] = []
    const g = new NoticeGrouper((n) => shown.push(n), { schedule: c.schedule })
    g.push(event('cpu', 'firing'))
    g.push(event('mem', 'resolved'))
    c.advance(GROUP_WAIT_MS)
    expect(shown).toEqual([
      { kind: 'firing', title: 'cpu firing (warning)', body: 'cpu message', rules: ['cpu'] },
      { kind: 'resolved', title: 'mem resolved', body: 'mem message', rules: ['mem'] },
    ])
    // A later alert opens a new group.
    g.push(event('gpu', 'firing'))
    c.advance(GROUP_WAIT_MS)
    expect(shown.map((n) => n.title)).toEqual(['cpu firing (warning)', 'mem resolved', 'gpu firing (warning)'])
  })

  it('never shows pending, muted or already-delivered events, and close drops what waits', () => {
    const c = clock()
    const shown: BrowserNotice[] = []
    const g = new NoticeGrouper((n) => shown.push(n), { schedule: c.schedule })
    g.push(event('a', 'pending'))
    g.push(event('b', 'firing', { notify: false, muted: 'silenced' }))
    c.advance(GROUP_WAIT_MS)
    expect(shown).toEqual([])
    g.push(event('c', 'firing'))
    g.close()
    c.advance(GROUP_WAIT_MS)
    expect(shown).toEqual([])
  })

  it('is the grouping the desktop app uses: an alert without a message says its metric and value', () => {
    expect(NoticeGrouper).toBe(MainGrouper)
    const c = clock()
    const shown: BrowserNotice[] = []
    const g = new NoticeGrouper((n) => shown.push(n), { schedule: c.schedule })
    g.push(event('cpu', 'firing', { message: '', value: 95.04 }))
    c.advance(GROUP_WAIT_MS)
    expect(shown[0].body).toBe('cpu.total = 95')
  })
})
