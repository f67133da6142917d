// The live replay: one symbol's stored candles streamed through the live FVG detector (replay.ts),
// one at a time; a new one replaces the one running, and ends it with `replaced`.
import type { FvgOptions } from '../../../shared/fvg.ts'
import type { CommandResult } from '../../../shared/contract.ts'
import type { EngineEvents } from '../engine.ts'
import { Replay } from './replay.ts'
import type { SeriesReader } from './series.ts'

export interface LiveReplayOptions {
  series: SeriesReader
  scanOptions: () => FvgOptions
  onFvg: (e: EngineEvents['fvg']) => void
  onEnded: (e: EngineEvents['replayEnded']) => void
}

export class LiveReplay {
  private readonly o: LiveReplayOptions
  private replay: Replay | null = null
  private replayId = 0

  constructor(o: LiveReplayOptions) {
    this.o = o
  }

  /** Starts replaying a symbol (stopping any replay already running). */
  async start(symbol: string, timeframe: string | undefined, speed: number): Promise<CommandResult<'replayStart'>> {
    const { candles, timeframe: tf } = await this.o.series.series(symbol, timeframe)
    this.replay?.stop('replaced')
    this.replayId++
    const replayId = this.replayId
    this.replay = new Replay({
      symbol,
      timeframe: tf,
      candles,
      speed,
      options: this.o.scanOptions(),
      emit: (e) => this.o.onFvg(e),
      onEnd: (r, reason) => this.o.onEnded({ replayId, symbol: r.symbol, timeframe: r.timeframe, position: r.position, total: r.total, running: false, reason }),
    })
    this.replay.start()
    return this.status()!
  }

  status(): CommandResult<'replayStart'> | null {
    const r = this.replay
    return r ? { replayId: this.replayId, symbol: r.symbol, timeframe: r.timeframe, position: r.position, total: r.total, running: r.running } : null
  }

  /** Stops the running replay; true if one was running. */
  stop(): boolean {
    const running = this.replay?.running ?? false
    this.replay?.stop()
    return running
  }
}
