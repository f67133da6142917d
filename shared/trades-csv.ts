// Daily trade counts as text: "date,trades" lines (an optional header), dates YYYY-MM-DD, whole
// counts ≥ 0. One parser for `gapwatch cost --trades-csv FILE` and Settings → Cost (paste or upload),
// every bad line named by number.
import { TradesSchema, type Trades } from './cost.ts'
import { parseIsoTime } from './iso-time.ts'

export interface DailyTrades {
  date: string
  count: number
}
export interface TradesLineError {
  /** 1-based. */
  line: number
  message: string
}
export type TradesCsvResult = { ok: true; trades: DailyTrades[] } | { ok: false; errors: TradesLineError[] }

/** At most this many bad lines are reported (a wrong file would otherwise list all of them). */
const MAX_ERRORS = 5

export function parseTradesCsv(text: string): TradesCsvResult {
  const trades: DailyTrades[] = []
  const errors: TradesLineError[] = []
  const seen = new Map<string, number>()
  text.split(/\r?\n/).forEach((line, i) => {
    const cells = line.split(',').map((c) => c.trim())
    if (line.trim() === '' || (i === 0 && /^date$/i.test(cells[0]))) return
    const count = Number(cells[1])
    if (cells.length !== 2 || !/^\d{4}-\d{2}-\d{2}$/.test(cells[0]) || !parseIsoTime(cells[0]).ok || cells[1] === '' || !Number.isInteger(count) || count < 0 || count > 1e9) {
      errors.push({ line: i + 1, message: `expected "YYYY-MM-DD,count" with a whole count ≥ 0, got "${line.slice(0, 60)}".` })
      return
    }
    const dup = seen.get(cells[0])
    if (dup !== undefined) {
      errors.push({ line: i + 1, message: `${cells[0]} is already on line ${dup}.` })
      return
    }
    seen.set(cells[0], i + 1)
    trades.push({ date: cells[0], count })
  })
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) }
  if (trades.length === 0) return { ok: false, errors: [{ line: 1, message: 'no "date,count" lines.' }] }
  const checked = TradesSchema.safeParse(trades)
  if (!checked.success) return { ok: false, errors: [{ line: 1, message: `too many days (${trades.length}; at most 5000).` }] }
  return { ok: true, trades }
}

/** Daily counts as the lines parseTradesCsv reads (empty for a single number or none). */
export function formatTradesCsv(trades: Trades | null): string {
  return Array.isArray(trades) ? trades.map((t) => `${t.date},${t.count}`).join('\n') : ''
}

/** "line 3: …" for people. */
export const describeTradesErrors = (errors: readonly TradesLineError[]): string => errors.map((e) => `line ${e.line}: ${e.message}`).join(' ')
