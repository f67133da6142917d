// FVG alert rules on the replay feed (the scanner's live FVG events from the bundled EURUSD 15m
// series, advanced by hand): symbol, timeframe, event and direction filters, the minimum size in
// pips, percent and ATR multiples (ATR checked against the scanner's own ATR filter), one-shot
// delivery, silences by label, session windows, webhooks, and the YAML form with its errors.
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { AlertStore } from '../../../../electron/engine/alerts/alert-store.ts'
import { AlertEngine } from '../../../../electron/engine/alerts/alert-engine.ts'
import { parseRules, rulesToYaml } from '../../../../electron/engine/alerts/rules-file.ts'
import { Replay } from '../../../../electron/engine/scanner/replay.ts'
import { detectFvgs, toZones } from '../../../../electron/engine/fvg/index.ts'
import { importCsvFile, bundledDataPath } from '../../../../electron/engine/market/index.ts'
import { RuleSchema, type AlertEvent, type FvgRuleInput, type Rule } from '../../../../shared/alerts.ts'
import type { FvgLiveEvent } from '../../../../shared/scanner.ts'

const candles = importCsvFile(bundledDataPath('eurusd_15m.csv')).candles

/** Every live event of a replay of the first `n` candles. */
function replayEvents(n = 6000): FvgLiveEvent[] {
  const events: FvgLiveEvent[] = []
  const replay = new Replay({ symbol: 'EURUSD', timeframe: '15m', candles, speed: 1, options: {}, emit: (e) => events.push(e) })
  replay.advance(n)
  return events
}
const fvgRule = (r: Partial<FvgRuleInput> & { name: string }): Rule => RuleSchema.parse({ kind: 'fvg', ...r }) as Rule

function run(rules: Rule[], feed: FvgLiveEvent[], o: { t?: number; deliver?: (e: AlertEvent) => void } = {}) {
  const db = openDatabase(':memory:')
  const store = new AlertStore(db)
  const events: AlertEvent[] = []
  const t = o.t ?? Date.UTC(2026, 0, 5, 12)
  const engine = new AlertEngine({
    store,
    rules,
    emit: (e) => events.push(e),
    deliver: o.deliver,
    now: () => t,
    intervalMs: () => 1000,
    candles: (symbol) => (symbol === 'EURUSD' ? candles : null),
  })
  for (const e of feed) engine.onFvg(e)
  return { engine, events, store, db }
}

describe('FVG alerts on the replay feed', () => {
  const feed = replayEvents()
  const created = feed.filter((e) => e.type === 'created')
  const mitigated = feed.filter((e) => e.type === 'mitigated')

  it('alert once per created zone of a watched symbol and timeframe: firing, delivered, logged, not left active', () => {
    expect(created.length).toBeGreaterThan(20)
    const { engine, events, store } = run([fvgRule({ name: 'eur-fvg', symbols: ['EURUSD'], timeframes: ['15m'] })], feed)
    expect(events).toHaveLength(created.length)
    expect(events.every((e) => e.state === 'firing' && e.notify && e.muted === null && e.labels.symbol === 'EURUSD' && e.labels.event === 'created')).toBe(true)
    const first = created[0].zone
    expect(events[0].message).toContain(`EURUSD 15m: ${first.direction === 1 ? 'bullish' : 'bearish'} FVG created`)
    expect(events[0].value).toBeCloseTo((first.top - first.bottom) / 0.0001, 9)
    // One-shot: nothing pending or firing stays behind; the log has one line per event.
    expect(engine.active()).toEqual([])
    expect(store.logEntries({ rule: 'eur-fvg', limit: 10_000 })).toHaveLength(created.length)
  })

  it('ignores other symbols and timeframes, and filters events and direction', () => {
    expect(run([fvgRule({ name: 'x', symbols: ['GBPUSD'] })], feed).events).toEqual([])
    expect(run([fvgRule({ name: 'x', timeframes: ['1h'] })], feed).events).toEqual([])
    const bearMit = run([fvgRule({ name: 'x', events: ['mitigated'], direction: 'bear' })], feed).events
    const expected = mitigated.filter((e) => e.zone.direction === -1)
    expect(expected.length).toBeGreaterThan(0)
    expect(bearMit).toHaveLength(expected.length)
    expect(bearMit.every((e) => e.labels.event === 'mitigated' && e.message.includes('bearish FVG mitigated'))).toBe(true)
  })

  it('applies a minimum size in pips and in percent of the bottom edge', () => {
    const heights = created.map((e) => e.zone.top - e.zone.bottom)
    const pips = 3
    const wantPips = heights.filter((h) => h / 0.0001 >= pips).length
    expect(wantPips).toBeGreaterThan(0)
    expect(wantPips).toBeLessThan(created.length) // the filter drops some and keeps some
    expect(run([fvgRule({ name: 'p', min_size: { unit: 'pips', value: pips } })], feed).events).toHaveLength(wantPips)
    // A pip of 0.001 (ten times the default) makes the same gaps ten times fewer pips.
    const wantBigPip = heights.filter((h) => h / 0.001 >= pips).length
    expect(run([fvgRule({ name: 'p', min_size: { unit: 'pips', value: pips, pip: 0.001 } })], feed).events).toHaveLength(wantBigPip)
    const pct = 0.03
    const wantPct = created.filter((e) => ((e.zone.top - e.zone.bottom) / e.zone.bottom) * 100 >= pct)
    expect(wantPct.length).toBeGreaterThan(0)
    expect(wantPct.length).toBeLessThan(created.length)
    const got = run([fvgRule({ name: 'q', min_size: { unit: 'percent', value: pct } })], feed).events
    expect(got).toHaveLength(wantPct.length)
    expect(got.every((e) => e.value! >= pct && e.message.includes(' %)'))).toBe(true)
  })

  it('an ATR-multiple size keeps exactly the zones the scanner’s own ATR filter finds', () => {
    const multiple = 1.2
    const period = 14
    const n = 6000
    const head = { ...candles, time: candles.time.subarray(0, n), open: candles.open.subarray(0, n), high: candles.high.subarray(0, n), low: candles.low.subarray(0, n), close: candles.close.subarray(0, n), volume: candles.volume.subarray(0, n) }
    const scannerZones = toZones(detectFvgs(head, { minGap: { kind: 'atr', multiple, period } }), head.time).map((z) => z.index)
    expect(scannerZones.length).toBeGreaterThan(0)
    expect(scannerZones.length).toBeLessThan(created.length)
    const got = run([fvgRule({ name: 'a', message: '{{time}}', min_size: { unit: 'atr', value: multiple, period } })], feed).events
    const indexOf = new Map(created.map((e) => [new Date(e.zone.time).toISOString(), e.zone.index]))
    expect(got.map((e) => indexOf.get(e.message)).sort((a, b) => a! - b!)).toEqual([...scannerZones].sort((a, b) => a - b))
  })

  it('an ATR size without candles for the symbol never alerts', () => {
    const other = feed.map((e) => ({ ...e, symbol: 'USDJPY' }))
    expect(run([fvgRule({ name: 'a', min_size: { unit: 'atr', value: 0 } })], other).events).toEqual([])
  })

  it('a silence on the symbol label mutes delivery (still logged); outside the session nothing alerts', () => {
    const { engine, events } = run([], [])
    engine.setRules([fvgRule({ name: 's' })])
    engine.silence({ rule: null, labels: { symbol: 'EURUSD' }, until: Date.UTC(2026, 0, 6), comment: '' })
    engine.onFvg(created[0])
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ muted: 'silenced', notify: false })
    // Monday 12:00 UTC is outside a 08:00–10:00 London session: no alert at all.
    const session = { days: ['mon' as const], from: '08:00', to: '10:00', tz: 'Europe/London' }
    expect(run([fvgRule({ name: 'w', session })], created.slice(0, 3)).events).toEqual([])
    expect(run([fvgRule({ name: 'w', session })], created.slice(0, 3), { t: Date.UTC(2026, 0, 5, 9) }).events).toHaveLength(3)
  })

  it('delivers to the rule’s webhook only what is notified', () => {
    const sent: AlertEvent[] = []
    run([fvgRule({ name: 'h', webhook: { url: 'http://127.0.0.1:9/hook' } }), fvgRule({ name: 'quiet' })], created.slice(0, 2), { deliver: (e) => sent.push(e) })
    expect(sent.map((e) => e.rule)).toEqual(['h', 'h'])
  })
})

describe('FVG rules in YAML', () => {
  it('parses with defaults, and names bad fields with line and column', () => {
    const ok = parseRules(`rules:
  - name: eur-fvg
    kind: fvg
    symbols: [EURUSD]
    min_size: { unit: atr, value: 0.5 }
`)
    expect(ok.ok && ok.rules[0]).toMatchObject({ kind: 'fvg', events: ['created'], direction: 'both', severity: 'info', timeframes: [], min_size: { unit: 'atr', value: 0.5, period: 14 } })
    // Saved and read back (rules.yaml after rulesSave) it is the same rule.
    if (ok.ok) expect(parseRules(rulesToYaml(ok.rules))).toEqual(ok)
    const bad = parseRules(`rules:
  - name: f
    kind: fvg
    events: [created, filled]
    min_size:
      unit: ticks
      value: -1
  - name: g
    kind: fvg
    min_size: { unit: percent, value: 1, pip: 0.01 }
    metric: cpu.total
`)
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    const got = bad.errors.map((e) => `${e.rule}|${e.field}|${e.line}:${e.column}`)
    expect(got).toEqual(expect.arrayContaining(['f|events.1|4:23', 'f|min_size.unit|6:13', 'f|min_size.value|7:14']))
    expect(bad.errors.some((e) => e.rule === 'g' && /unknown field.*metric/.test(e.message))).toBe(true)
  })
})
