// Where a symbol's candles come from, as a tiny serialisable spec a pool worker can load by itself
// (no large arrays cross process boundaries), and the default demo watchlist.

import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Candles } from '../../../shared/candles.ts'
import { importCsvFile } from './csv.ts'
import { generateCandles } from './generator.ts'
import { formatTimeframe, MINUTE_MS } from './timeframe.ts'

export const dataSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    /** A CSV file; a relative path is resolved against the current directory. */
    path: z.string().min(1),
  }),
  z.object({
    kind: z.literal('generated'),
    seed: z.number().int(),
    count: z.number().int().nonnegative(),
    intervalMs: z.number().int().positive(),
    startPrice: z.number().positive(),
    startTime: z.number().int().optional(),
    annualVol: z.number().positive().optional(),
    decimals: z.number().int().min(0).max(12).optional(),
  }),
])

export type DataSource = z.infer<typeof dataSourceSchema>
export type FileSource = Extract<DataSource, { kind: 'file' }>
export type GeneratedSource = Extract<DataSource, { kind: 'generated' }>

export type AssetClass = 'fx' | 'metal' | 'crypto' | 'index'

export interface WatchlistEntry {
  symbol: string
  name: string
  assetClass: AssetClass
  /** '15m' */
  timeframe: string
  timeframeMs: number
  source: DataSource
}

/** The folder of sample data shipped with the app, found from this file so any cwd works. */
export const BUNDLED_DATA_DIR = fileURLToPath(new URL('../../../resources/data/', import.meta.url))

/**
 * Absolute path of a bundled sample file, e.g. bundledDataPath('eurusd_15m.csv'). A bundled host
 * (the Electron app, where this module is inside out/main) sets GAPWATCH_RESOURCES to its resources
 * folder, since this file's own location no longer leads there.
 */
export function bundledDataPath(name: string): string {
  const dir = process.env.GAPWATCH_RESOURCES ? resolve(process.env.GAPWATCH_RESOURCES, 'data') : BUNDLED_DATA_DIR
  return resolve(dir, name)
}

/** Loads a source's candles synchronously: parses the file (throws CsvImportError) or generates. */
export function loadSource(src: DataSource): Candles {
  if (src.kind === 'file') return importCsvFile(isAbsolute(src.path) ? src.path : resolve(src.path)).candles
  return generateCandles({
    seed: src.seed,
    count: src.count,
    intervalMs: src.intervalMs,
    startPrice: src.startPrice,
    startTime: src.startTime,
    annualVol: src.annualVol,
    decimals: src.decimals,
  })
}

const DEMO_INTERVAL_MS = 15 * MINUTE_MS
/** The bundled EURUSD file starts here (2022-10-10T00:00Z); the generated series start with it. */
const DEMO_START = 1_665_360_000_000
/** As many candles as the bundled EURUSD file. */
const DEMO_COUNT = 24_424

/**
 * Start prices a trader recognises (mid-2024 levels: gold near 2,400, bitcoin near 60,000), yearly
 * volatility and price decimals for each generated symbol. The series share the bundled EURUSD
 * file's time axis (from 2022-10-10), so a multi-symbol scan covers the same candles.
 */
const GENERATED: readonly [string, string, AssetClass, number, number, number][] = [
  ['GBPUSD', 'British pound / US dollar', 'fx', 1.2715, 0.08, 5],
  ['USDJPY', 'US dollar / Japanese yen', 'fx', 155.42, 0.1, 3],
  ['AUDUSD', 'Australian dollar / US dollar', 'fx', 0.6652, 0.1, 5],
  ['USDCAD', 'US dollar / Canadian dollar', 'fx', 1.3671, 0.06, 5],
  ['USDCHF', 'US dollar / Swiss franc', 'fx', 0.8942, 0.08, 5],
  ['NZDUSD', 'New Zealand dollar / US dollar', 'fx', 0.6113, 0.1, 5],
  ['EURGBP', 'Euro / British pound', 'fx', 0.8468, 0.05, 5],
  ['EURJPY', 'Euro / Japanese yen', 'fx', 168.35, 0.1, 3],
  ['XAUUSD', 'Gold / US dollar', 'metal', 2401.35, 0.15, 2],
  ['XAGUSD', 'Silver / US dollar', 'metal', 29.415, 0.28, 3],
  ['BTCUSD', 'Bitcoin / US dollar', 'crypto', 60125.5, 0.55, 2],
  ['ETHUSD', 'Ether / US dollar', 'crypto', 3050.25, 0.65, 2],
  ['SOLUSD', 'Solana / US dollar', 'crypto', 145.62, 0.8, 3],
  ['US500', 'S&P 500 index', 'index', 5431.6, 0.15, 2],
]

/** Stable seed per symbol (FNV-1a of its name), so each series is the same on every machine. */
function seedOf(symbol: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** The 15 demo symbols on 15m: EURUSD from the bundled real file, the others generated. */
export function defaultWatchlist(): WatchlistEntry[] {
  const timeframe = formatTimeframe(DEMO_INTERVAL_MS)
  const entries: WatchlistEntry[] = [{
    symbol: 'EURUSD',
    name: 'Euro / US dollar',
    assetClass: 'fx',
    timeframe,
    timeframeMs: DEMO_INTERVAL_MS,
    source: { kind: 'file', path: bundledDataPath('eurusd_15m.csv') },
  }]
  for (const [symbol, name, assetClass, startPrice, annualVol, decimals] of GENERATED) {
    entries.push({
      symbol,
      name,
      assetClass,
      timeframe,
      timeframeMs: DEMO_INTERVAL_MS,
      source: {
        kind: 'generated',
        seed: seedOf(symbol),
        count: DEMO_COUNT,
        intervalMs: DEMO_INTERVAL_MS,
        startPrice,
        startTime: DEMO_START,
        annualVol,
        decimals,
      },
    })
  }
  return entries
}
