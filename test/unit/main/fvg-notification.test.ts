// An FVG alert reaches the desktop like any alert: the engine's `fvg` event (as a replay emits it)
// → the FVG rule → one grouped Notification, through the stub of 'electron' (test/stubs/electron.ts:
// the binary cannot run here), with a real Engine on a temp data dir.
import { afterEach, describe, expect, it } from 'vitest'
import * as electron from 'electron'
import type * as ElectronStub from '../../stubs/electron.ts'
import { notifyAlerts } from '../../../electron/main/notifications.ts'
import { GROUP_WAIT_MS, type Schedule } from '../../../electron/main/alert-delivery.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import type { FvgLiveEvent } from '../../../shared/scanner.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const stub = electron as unknown as typeof ElectronStub
let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

const fvg = (type: FvgLiveEvent['type'], index: number, direction: 1 | -1): FvgLiveEvent => ({
  type,
  symbol: 'EURUSD',
  timeframe: '15m',
  zone: { index, time: Date.UTC(2026, 0, 5, 10, index), direction, top: 1.10523, bottom: 1.10023, mitigatedIndex: null, mitigatedTime: null },
})

describe('FVG alerts on the desktop', () => {
  it('an FVG event of a watched symbol makes a notification (after group_wait); one of another symbol makes none', async () => {
    engine = new Engine({ dataDir: tempDir('gw-fvg-note-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 60_000 })
    const e = engine
    await e.call('rulesSave', { rule: { kind: 'fvg', name: 'eur-fvg', symbols: ['EURUSD'], events: ['created', 'mitigated'], min_size: { unit: 'pips', value: 10 } } })
    // A schedule the test runs by hand (group_wait is 30 s).
    const due: Array<{ ms: number; fn: () => void }> = []
    const schedule: Schedule = (ms, fn) => {
      due.push({ ms, fn })
      return () => {}
    }
    stub.Notification.shown.length = 0
    const off = notifyAlerts(e, () => {}, { schedule })
    try {
      e.emit('fvg', fvg('created', 100, 1)) // 50 pips
      e.emit('fvg', { ...fvg('created', 101, -1), symbol: 'GBPUSD' })
      expect(due).toHaveLength(1)
      expect(due[0].ms).toBe(GROUP_WAIT_MS)
      due[0].fn()
      expect(stub.Notification.shown.map((n) => n.options.title)).toEqual(['eur-fvg firing (info)'])
      expect(stub.Notification.shown[0].options.body).toBe('EURUSD 15m: bullish FVG created, 1.10523–1.10023 (50 pips)')
    } finally {
      off()
    }
  })
})
