// Market data: CSV import, timeframes and resampling, the seeded generator, CSV export, and the
// demo watchlist with loadable data sources.

export { parseCsv, importCsvFile } from './csv.ts'
export type { CsvImportOptions, ImportResult } from './csv.ts'
export { CsvImportError } from './errors.ts'
export { FileReadError, readImportFile, checkImportFile, openRegular, checkUnchanged } from './read-file.ts'
export { detectDelimiter } from './formats.ts'
export type { CsvFormat, Delimiter } from './formats.ts'
export { parseDecimalBytes, parseDecimalText } from './numbers.ts'
export { epochToMs, parseIsoBytes, parseTimeBytes } from './datetime.ts'
export {
  parseTimeframe, formatTimeframe, detectInterval, TimeframeError,
  SECOND_MS, MINUTE_MS, HOUR_MS, DAY_MS, WEEK_MS,
} from './timeframe.ts'
export { resample, bucketStart, checkResampleTarget } from './resample.ts'
export { generateCandles, generateCandleRange, createRng } from './generator.ts'
export type { GeneratorOptions } from './generator.ts'
export { writeCandlesCsv, formatCandlesCsv, formatCandleRows, CSV_HEADER } from './write.ts'
export {
  defaultWatchlist, loadSource, dataSourceSchema, bundledDataPath, BUNDLED_DATA_DIR,
} from './watchlist.ts'
export type { DataSource, FileSource, GeneratedSource, WatchlistEntry, AssetClass } from './watchlist.ts'
export { nonCsvReason, nonCsvName, SNIFF_BYTES, IMPORT_EXTENSIONS } from './sniff.ts'
export { zoneToUtc, checkZone, TimeZoneError } from './timezone.ts'
