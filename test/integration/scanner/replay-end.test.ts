// A replay says when it is over: once, after its last FVG event, with the reason (it ran out of
// candles, was stopped, or a new replay replaced it) — the Replay itself and through the engine's
// `replayEnded` event, which the Symbols view's replay control listens to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { importCsvFile, bundledDataPath } from '../../../electron/engine/market/index.ts'
import { Replay } from '../../../electron/engine/scanner/replay.ts'
import type { FvgLiveEvent, ReplayEnded, ReplayEndReason } from '../../../shared/scanner.ts'
import { events as contractEvents } from '../../../shared/contract.ts'
import { tempDir } from '../../helpers/serve.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

describe('Replay end', () => {
  const candles = importCsvFile(bundledDataPath('eurusd_15m.csv')).candles

  function replay() {
    const log: Array<{ kind: 'fvg'; e: FvgLiveEvent } | { kind: 'end'; reason: ReplayEndReason; position: number }> = []
    const r = new Replay({
      symbol: 'EURUSD',
      timeframe: '15m',
      candles,
      speed: 1,
      options: {},
      emit: (e) => log.push({ kind: 'fvg', e }),
      onEnd: (x, reason) => log.push({ kind: 'end', reason, position: x.position }),
    })
    return { r, log }
  }

  it('reports "end" once, after the last event, when it runs out of candles', async () => {
    const { r, log } = replay()
    r.advance(1000)
    expect(log.some((l) => l.kind === 'end')).toBe(false)
    expect(r.endReason).toBeNull()
    r.advance(candles.time.length)
    const ends = log.filter((l) => l.kind === 'end')
    expect(ends).toEqual([{ kind: 'end', reason: 'end', position: candles.time.length }])
    expect(log.at(-1)!.kind).toBe('end')
    expect(log.filter((l) => l.kind === 'fvg').length).toBeGreaterThan(0)
    // each event carries its candle's market time, in candle order
    const times = log.flatMap((l) => (l.kind === 'fvg' ? [l.e.candleTime!] : []))
    expect(times.every((t, k) => Number.isFinite(t) && (k === 0 || t >= times[k - 1]))).toBe(true)
    const mitigated = log.flatMap((l) => (l.kind === 'fvg' && l.e.type === 'mitigated' ? [l.e] : []))
    expect(mitigated.every((e) => e.candleTime === e.zone.mitigatedTime)).toBe(true)
    // later calls neither feed nor report again
    r.advance(10)
    r.stop()
    expect(log.filter((l) => l.kind === 'end')).toHaveLength(1)
    expect(r.endReason).toBe('end')
    await r.done
  })

  it('reports "stopped" once when stopped midway, and feeds nothing after', () => {
    const { r, log } = replay()
    r.advance(500)
    r.stop()
    r.stop()
    const fed = log.length
    r.advance(5000)
    expect(log.length).toBe(fed)
    expect(log.filter((l) => l.kind === 'end')).toEqual([{ kind: 'end', reason: 'stopped', position: 500 }])
  })

  it('ends at once when there is nothing to replay', () => {
    const none = new Float64Array(0)
    const empty = { ...candles, time: none, open: none, high: none, low: none, close: none, volume: none }
    const reasons: ReplayEndReason[] = []
    const r = new Replay({ symbol: 'X', timeframe: '1h', candles: empty, speed: 10, options: {}, emit: () => {}, onEnd: (_, why) => reasons.push(why) })
    r.start()
    expect(r.running).toBe(false)
    expect(reasons).toEqual(['end'])
  })
})

describe('engine replayEnded event', () => {
  let engine: Engine
  const ended: ReplayEnded[] = []

  beforeAll(async () => {
    engine = new Engine({ dataDir: tempDir('gw-replay-end-'), nvidiaSmi: NO_GPU })
    engine.on('replayEnded', (e) => ended.push(contractEvents.replayEnded.parse(e)))
    await engine.start()
  })
  afterAll(async () => {
    await engine.stop()
  })

  it('says a replay ran to its end, with its id and every candle fed', async () => {
    const status = (await engine.call('replayStart', { symbol: 'EURUSD', speed: 1_000_000 })) as { replayId: number; total: number }
    await expect.poll(() => ended.filter((e) => e.replayId === status.replayId).length).toBe(1)
    const e = ended.find((x) => x.replayId === status.replayId)!
    expect(e).toMatchObject({ symbol: 'EURUSD', timeframe: '15m', reason: 'end', running: false, position: status.total, total: status.total })
    // nothing left to stop
    expect(await engine.call('replayStop', {})).toEqual({ stopped: false })
    expect(ended.filter((x) => x.replayId === status.replayId)).toHaveLength(1)
  })

  it('says a stopped replay was stopped, and a replaced one was replaced', async () => {
    const first = (await engine.call('replayStart', { symbol: 'EURUSD', speed: 1 })) as { replayId: number }
    const second = (await engine.call('replayStart', { symbol: 'XAUUSD', speed: 1 })) as { replayId: number }
    expect(ended.find((e) => e.replayId === first.replayId)).toMatchObject({ symbol: 'EURUSD', reason: 'replaced' })
    expect(await engine.call('replayStop', {})).toEqual({ stopped: true })
    expect(ended.find((e) => e.replayId === second.replayId)).toMatchObject({ symbol: 'XAUUSD', reason: 'stopped', running: false })
  })

  it('a replay of an unknown symbol fails without ending the running one', async () => {
    const running = (await engine.call('replayStart', { symbol: 'EURUSD', speed: 1 })) as { replayId: number }
    await expect(engine.call('replayStart', { symbol: 'NOSUCH', speed: 1 })).rejects.toThrow(/NOSUCH/)
    expect(ended.find((e) => e.replayId === running.replayId)).toBeUndefined()
    await engine.call('replayStop', {})
    expect(ended.find((e) => e.replayId === running.replayId)?.reason).toBe('stopped')
  })
})
