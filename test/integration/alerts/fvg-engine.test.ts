// FVG alert rules inside the Engine: saved through the contract, fed by a live replay of the bundled
// EURUSD series, delivered as `alert` events and kept in the alert log; an ATR size reads the
// scanner's candles.
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import type { AlertEvent, AlertLogEntry } from '../../../shared/alerts.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

describe('FVG alerts in the engine', () => {
  it('a replay raises one alert per matching event, ATR-sized from the scanner’s candles, logged', async () => {
    engine = new Engine({ dataDir: tempDir('gw-fvg-alerts-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    const e = engine
    const alerts: AlertEvent[] = []
    e.on('alert', (a) => alerts.push(a))
    await e.call('rulesSave', { rule: { kind: 'fvg', name: 'eur-created', symbols: ['EURUSD'], events: ['created'] } })
    await e.call('rulesSave', { rule: { kind: 'fvg', name: 'eur-big', symbols: ['EURUSD'], min_size: { unit: 'atr', value: 1 } } })
    await e.call('rulesSave', { rule: { kind: 'fvg', name: 'other', symbols: ['GBPUSD'] } })
    const fvgs: string[] = []
    e.on('fvg', (f) => fvgs.push(f.type))
    await e.call('replayStart', { symbol: 'EURUSD', speed: 5000 })
    await expect.poll(() => alerts.filter((a) => a.rule === 'eur-big').length).toBeGreaterThan(2)
    await e.call('replayStop', {})
    const created = alerts.filter((a) => a.rule === 'eur-created')
    // Every created event so far alerted once (the replay is stopped, so the counts are final).
    expect(created.length).toBe(fvgs.filter((t) => t === 'created').length)
    expect(alerts.some((a) => a.rule === 'other')).toBe(false)
    const big = alerts.filter((a) => a.rule === 'eur-big')
    expect(big.every((a) => a.value! >= 1 && a.message.includes('× ATR') && a.notify)).toBe(true)
    expect(big.length).toBeLessThan(created.length)
    const log = (await e.call('alertsLog', { rule: 'eur-big' })) as AlertLogEntry[]
    expect(log).toHaveLength(big.length)
    expect(await e.call('alertsActive', {})).toEqual([])
    const rules = (await e.call('rulesList', {})) as Array<{ name: string; kind: string }>
    expect(rules.filter((r) => r.kind === 'fvg').map((r) => r.name)).toEqual(['eur-created', 'eur-big', 'other'])
    await expect(e.call('rulesBacktest', { rule: { kind: 'fvg', name: 'x' }, from: 0, to: 1000 })).rejects.toThrow(/FVG rule/)
  })
})
