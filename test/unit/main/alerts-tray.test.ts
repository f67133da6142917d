// Alert delivery on the desktop: the grouping of notifications (plain code, an injected clock), and
// the Electron adapters (notifications.ts, tray.ts) against the stub of 'electron'
// (test/stubs/electron.ts: the binary cannot run here), with a real Engine on a temp data dir.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as electron from 'electron'
import type * as ElectronStub from '../../stubs/electron.ts'
import { AlertGrouper, GROUP_WAIT_MS, noticeOf, trayView, type AlertNotice, type Schedule } from '../../../electron/main/alert-delivery.ts'
import { notifyAlerts } from '../../../electron/main/notifications.ts'
import { createTray, TRAY_DEBOUNCE_MS, trayIconPath, type AlertTray } from '../../../electron/main/tray.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import type { Alert, AlertEvent, Silence } from '../../../shared/alerts.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const stub = electron as unknown as typeof ElectronStub

/** A clock the test moves: timers scheduled on it run, in order, only when it is advanced past them. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start
  const timers: Array<{ at: number; fn: () => void; live: boolean }> = []
  const schedule: Schedule = (ms, fn) => {
    const t = { at: now + ms, fn, live: true }
    timers.push(t)
    return () => void (t.live = false)
  }
  const advance = (ms: number) => {
    const end = now + ms
    for (;;) {
      const next = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0]
      if (!next) break
      now = next.at
      next.live = false
      next.fn()
    }
    now = end
  }
  return { schedule, advance, now: () => now }
}

function event(rule: string, over: Partial<AlertEvent> = {}): AlertEvent {
  return {
    rule,
    metric: 'cpu.total',
    severity: 'warning',
    labels: {},
    state: 'firing',
    activeAt: 0,
    firedAt: 0,
    resolvedAt: null,
    value: 95,
    message: `${rule} message`,
    muted: null,
    acknowledgedAt: null,
    notify: true,
    ...over,
  }
}

describe('notification grouping (group_wait)', () => {
  it('makes one notification of alerts within 30 s, another for one 40 s later, none for muted or pending ones', () => {
    const clock = fakeClock()
    const shown: AlertNotice[] = []
    const g = new AlertGrouper((n) => shown.push(n), { schedule: clock.schedule })
    g.push(event('cpu-high'))
    clock.advance(10_000)
    g.push(event('memory-high', { severity: 'critical' }))
    g.push(event('disk-full', { notify: false, muted: 'silenced' })) // muted: never delivered
    g.push(event('swap-high', { state: 'pending', notify: true })) // pending: not yet an alert
    clock.advance(GROUP_WAIT_MS - 10_000 - 1)
    expect(shown).toEqual([]) // group_wait not over yet
    clock.advance(1)
    expect(shown).toEqual([{ kind: 'firing', title: '2 alerts firing (1 critical)', body: 'cpu-high, memory-high', rules: ['cpu-high', 'memory-high'] }])
    clock.advance(40_000 - GROUP_WAIT_MS)
    g.push(event('gpu-hot'))
    clock.advance(GROUP_WAIT_MS)
    expect(shown).toHaveLength(2)
    expect(shown[1]).toMatchObject({ kind: 'firing', title: 'gpu-hot firing (warning)', body: 'gpu-hot message' })
  })

  it('groups resolved alerts apart from firing ones, and delivers nothing when only muted events come', () => {
    const clock = fakeClock()
    const shown: AlertNotice[] = []
    const g = new AlertGrouper((n) => shown.push(n), { schedule: clock.schedule })
    g.push(event('a', { notify: false, muted: 'inhibited' }))
    clock.advance(GROUP_WAIT_MS * 3)
    expect(shown).toEqual([])
    g.push(event('a', { state: 'resolved' }))
    g.push(event('b'))
    g.push(event('c', { state: 'resolved' }))
    clock.advance(GROUP_WAIT_MS)
    expect(shown.map((n) => [n.kind, n.title, n.body])).toEqual([
      ['resolved', '2 alerts resolved', 'a, c'],
      ['firing', 'b firing (warning)', 'b message'],
    ])
  })

  it('lists three names then an ellipsis, and close() drops an undelivered group', () => {
    expect(noticeOf('firing', ['a', 'b', 'c', 'd'].map((r) => event(r))).title).toBe('4 alerts firing')
    expect(noticeOf('firing', ['a', 'b', 'c', 'd'].map((r) => event(r))).body).toBe('a, b, c, …')
    const clock = fakeClock()
    const shown: AlertNotice[] = []
    const g = new AlertGrouper((n) => shown.push(n), { schedule: clock.schedule })
    g.push(event('a'))
    g.close()
    clock.advance(GROUP_WAIT_MS)
    expect(shown).toEqual([])
  })
})

describe('tray view', () => {
  const alert = (rule: string, over: Partial<Alert> = {}): Alert => {
    const { notify: _n, ...a } = event(rule, over)
    return a
  }
  it('takes the worst unmuted firing severity, counts them, and lists worst first with muted ones last', () => {
    expect(trayView([])).toEqual({ level: 'ok', tooltip: 'Gapwatch — no alerts firing', lines: [] })
    expect(trayView([alert('i', { severity: 'info', value: 1.23456 })])).toMatchObject({ level: 'ok', lines: ['info · i · 1.23'] })
    const v = trayView([
      alert('w', { value: 91.5 }),
      alert('c', { severity: 'critical', muted: 'silenced', value: null }),
      alert('p', { severity: 'critical', state: 'pending' }),
      alert('c2', { severity: 'critical', value: 1234.5 }),
    ])
    expect(v.level).toBe('critical')
    expect(v.tooltip).toBe('Gapwatch — 2 alerts firing (1 critical)')
    expect(v.lines).toEqual(['critical · c2 · 1235', 'warning · w · 91.5', 'critical · c · — (silenced)'])
    expect(trayView([alert('c', { severity: 'critical', muted: 'silenced' })]).level).toBe('ok')
  })

  it('shows at most 8 alerts and says how many more', () => {
    const v = trayView(Array.from({ length: 10 }, (_, i) => alert(`r${i}`)))
    expect(v.lines).toHaveLength(9)
    expect(v.lines[8]).toBe('and 2 more')
  })
})

describe('tray icons', () => {
  it('has an ok, warning and critical icon at 22 and 44 px (drawn by resources/icons/draw-icons.ts)', () => {
    const resources = path.resolve(import.meta.dirname, '../../../resources')
    for (const level of ['ok', 'warning', 'critical'] as const) {
      const file = trayIconPath(resources, level)
      for (const [f, size] of [[file, 22], [file.replace(/\.png$/, '@2x.png'), 44]] as const) {
        const png = fs.readFileSync(f)
        expect([png.readUInt32BE(16), png.readUInt32BE(20)], f).toEqual([size, size]) // IHDR width, height
      }
    }
  })
})

describe('desktop delivery through the stub, with a real engine', () => {
  let engine: Engine
  let win: InstanceType<typeof stub.BrowserWindow>
  const offs: Array<() => void> = []
  const show = () => win.show()

  beforeEach(async () => {
    // A long sample interval keeps the built-in "sampler stalled" alert out of the way (5 intervals).
    engine = new Engine({ dataDir: tempDir('gw-tray-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 60_000 })
    win = new stub.BrowserWindow({})
    stub.Notification.shown.length = 0
    // Two rules in different groups (so the critical does not inhibit the warning), firing at once.
    await engine.call('rulesSave', { rule: { name: 'cpu-warn', metric: 'cpu.total', threshold: 50, severity: 'warning', labels: { group: 'cpu' } } })
    await engine.call('rulesSave', { rule: { name: 'mem-crit', metric: 'mem.used_pct', threshold: 90, severity: 'critical', labels: { group: 'mem' } } })
  })
  afterEach(async () => {
    offs.splice(0).forEach((off) => off())
    await engine.stop()
  })

  it('shows one Notification for alerts firing together, only once notify is true; clicking it shows the window', () => {
    const clock = fakeClock()
    offs.push(notifyAlerts(engine, show, { schedule: clock.schedule }))
    const t = Date.now()
    engine.alerts.onSample(t, [['cpu.total', 99]])
    clock.advance(10_000)
    engine.alerts.onSample(t + 1000, [['mem.used_pct', 95]])
    expect(stub.Notification.shown).toHaveLength(0)
    clock.advance(GROUP_WAIT_MS)
    expect(stub.Notification.shown.map((n) => n.options.title)).toEqual(['2 alerts firing (1 critical)'])
    expect(stub.Notification.shown[0].options.body).toBe('cpu-warn, mem-crit')
    expect(win.visible).toBe(false)
    stub.Notification.shown[0].emit('click')
    expect(win.visible).toBe(true)
    // Resolved: one more notification; a muted event (notify false) makes none.
    engine.alerts.onSample(t + 2000, [['cpu.total', 10]])
    engine.emit('alert', { ...event('other'), notify: false, muted: 'silenced' })
    clock.advance(GROUP_WAIT_MS)
    expect(stub.Notification.shown.map((n) => n.options.title)).toEqual(['2 alerts firing (1 critical)', 'cpu-warn resolved'])
  })

  it('tray icon and tooltip follow the worst severity as alerts fire and resolve; the menu lists them', async () => {
    const clock = fakeClock()
    const res = '/res'
    const t: AlertTray = createTray(engine, { resourcesDir: res, showWindow: show, quit: () => {}, schedule: clock.schedule })
    offs.push(() => t.dispose())
    const tray = t.tray as unknown as InstanceType<typeof stub.Tray>
    const labels = () => (tray.menu!.template as Array<{ label?: string }>).map((i) => i.label).filter(Boolean)
    expect(tray.image).toEqual({ path: trayIconPath(res, 'ok') })
    expect(trayIconPath(res, 'ok')).toBe(path.join(res, 'icons', 'tray-ok.png'))
    expect(tray.toolTip).toBe('Gapwatch — no alerts firing')

    const now = Date.now()
    engine.alerts.onSample(now, [['cpu.total', 99]])
    expect(tray.toolTip).toBe('Gapwatch — no alerts firing') // debounced: not yet redrawn
    clock.advance(TRAY_DEBOUNCE_MS)
    await vi.waitFor(() => expect(tray.toolTip).toBe('Gapwatch — 1 alert firing'))
    expect(tray.image).toEqual({ path: trayIconPath(res, 'warning') })
    expect(labels()).toContain('warning · cpu-warn · 99')

    engine.alerts.onSample(now + 1000, [['mem.used_pct', 95]])
    clock.advance(TRAY_DEBOUNCE_MS)
    await vi.waitFor(() => expect(tray.toolTip).toBe('Gapwatch — 2 alerts firing (1 critical)'))
    expect(tray.image).toEqual({ path: trayIconPath(res, 'critical') })
    expect(labels().slice(1, 3)).toEqual(['critical · mem-crit · 95', 'warning · cpu-warn · 99'])

    engine.alerts.onSample(now + 2000, [['mem.used_pct', 20], ['cpu.total', 10]])
    clock.advance(TRAY_DEBOUNCE_MS)
    await vi.waitFor(() => expect(tray.toolTip).toBe('Gapwatch — no alerts firing'))
    expect(tray.image).toEqual({ path: trayIconPath(res, 'ok') })
    expect(labels()).toContain('No alerts firing')
  })

  it('the menu snoozes every alert for 1 h (a silence for all rules), shows the window and quits', async () => {
    let quit = 0
    const at = Date.now()
    const t = createTray(engine, { resourcesDir: '/res', showWindow: show, quit: () => quit++, now: () => at })
    offs.push(() => t.dispose())
    const tray = t.tray as unknown as InstanceType<typeof stub.Tray>
    engine.alerts.onSample(at, [['mem.used_pct', 95]])
    await t.refresh()
    expect(tray.image).toEqual({ path: trayIconPath('/res', 'critical') })
    const item = (label: string) => (tray.menu!.template as Array<{ label?: string; click?: () => void }>).find((i) => i.label === label)!
    item('Snooze all alerts for 1 h').click!()
    await vi.waitFor(async () => {
      const silences = (await engine.call('alertsSilences', {})) as Silence[]
      expect(silences).toMatchObject([{ rule: null, labels: {}, until: at + 3_600_000 }])
    })
    // Silenced, the firing alert no longer colours the tray.
    await vi.waitFor(() => expect(tray.toolTip).toBe('Gapwatch — no alerts firing'))
    expect(tray.image).toEqual({ path: trayIconPath('/res', 'ok') })
    expect(win.visible).toBe(false)
    item('Show Gapwatch').click!()
    expect(win.visible).toBe(true)
    win.hide()
    tray.emit('click')
    expect(win.visible).toBe(true)
    item('Quit').click!()
    expect(quit).toBe(1)
  })
})
