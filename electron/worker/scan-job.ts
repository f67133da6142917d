// One scan job: load the symbol's candles (file or generator), resample if asked, run the kernel.
import type { Candles } from '../../shared/candles.ts'
import { detectFvgs } from '../engine/fvg/index.ts'
import { importCsvFile, generateCandles, parseTimeframe, resample, detectInterval } from '../engine/market/index.ts'
import { ScanJobSpecSchema, type ScanJobResult, type ScanJobSpec, type ZoneColumns } from './protocol.ts'

/** Reports the stage starting and the share of the job done before it. */
export type Progress = (stage: 'load' | 'resample' | 'scan', fraction: number) => void

/** Lets queued messages (progress) leave the process between stages. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function runScanJob(input: ScanJobSpec, progress: Progress = () => {}): Promise<ScanJobResult> {
  const spec = ScanJobSpecSchema.parse(input)
  const t0 = performance.now()
  progress('load', 0)
  await yieldToEvents()
  let candles: Candles
  let blankCells = 0
  if (spec.source.kind === 'file') {
    const imported = importCsvFile(spec.source.path, { symbol: spec.symbol })
    candles = imported.candles
    blankCells = imported.blankCells
  } else {
    const { kind: _kind, ...gen } = spec.source
    candles = generateCandles(gen)
  }
  const t1 = performance.now()
  if (spec.timeframe) {
    progress('resample', 0.7)
    await yieldToEvents()
    candles = resample(candles, parseTimeframe(spec.timeframe))
  }
  const t2 = performance.now()
  progress('scan', 0.8)
  await yieldToEvents()
  const r = detectFvgs(candles, spec.options)
  const t3 = performance.now()
  const n = candles.close.length
  let zones: ZoneColumns | null = null
  if (spec.returnZones) {
    const time = new Float64Array(r.count)
    const mitigatedTime = new Float64Array(r.count)
    for (let k = 0; k < r.count; k++) {
      time[k] = candles.time[r.index[k]]
      mitigatedTime[k] = r.mitigatedIndex[k] >= 0 ? candles.time[r.mitigatedIndex[k]] : NaN
    }
    zones = { index: r.index, direction: r.direction, top: r.top, bottom: r.bottom, mitigatedIndex: r.mitigatedIndex, time, mitigatedTime }
  }
  return {
    symbol: spec.symbol,
    candles: n,
    fvgs: r.count,
    intervalMs: n > 1 ? detectInterval(candles.time) : NaN,
    firstTime: n > 0 ? candles.time[0] : NaN,
    lastTime: n > 0 ? candles.time[n - 1] : NaN,
    lastClose: n > 0 ? candles.close[n - 1] : NaN,
    blankCells,
    zones,
    timings: { loadMs: t1 - t0, resampleMs: t2 - t1, kernelMs: t3 - t2 },
  }
}
