// Every statement the metric store runs, in one place, so a test can EXPLAIN each one and check that
// none scans a whole history table. `example` gives parameters for that EXPLAIN.

export const HISTORY_TABLES = ['raw_block', 'rollup_1m', 'rollup_1h'] as const
export type RollupTable = 'rollup_1m' | 'rollup_1h'

const rollupQuery = (table: RollupTable) =>
  `SELECT (t - CAST(@origin AS INTEGER)) / CAST(@bucket AS INTEGER) AS b, min(min), max(max), sum(sum), sum(count)
   FROM ${table} WHERE metric_id = @id AND t >= @origin AND t < @to GROUP BY b ORDER BY b`

export const metricSql = {
  metricIds: { sql: 'SELECT id, name FROM metric', example: [] },
  insertMetric: { sql: 'INSERT INTO metric (name) VALUES (?)', example: ['x'] },
  mark: { sql: 'SELECT raw_until, log_id, rollup_until FROM store_mark WHERE id = 1', example: [] },
  setMark: { sql: 'UPDATE store_mark SET raw_until = ? WHERE id = 1', example: [0] },
  setRollupMark: { sql: 'UPDATE store_mark SET rollup_until = ? WHERE id = 1', example: [0] },
  readBlock: { sql: 'SELECT n, ts, vs, enc FROM raw_block WHERE metric_id = ? AND t0 = ?', example: [1, 0] },
  writeBlock: {
    sql: `INSERT INTO raw_block (metric_id, t0, n, ts, vs, enc) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (metric_id, t0) DO UPDATE SET n = excluded.n, ts = excluded.ts, vs = excluded.vs, enc = excluded.enc`,
    example: [1, 0, 0, Buffer.alloc(0), Buffer.alloc(0), 1],
  },
  readBlocks: { sql: 'SELECT t0, n, ts, vs, enc FROM raw_block WHERE metric_id = ? AND t0 >= ? AND t0 < ?', example: [1, 0, 1] },
  /**
   * The same blocks with vs and ts in one blob (vs first, so the values stay 8-byte aligned): the
   * 24 h query fetches 1,440 rows, and a Buffer per blob was most of its time. `||` joins the bytes
   * as they are (a UTF-8 database converts nothing); the CAST makes the result a blob again.
   */
  readBlocksPacked: { sql: 'SELECT t0, n, enc, CAST(vs || ts AS BLOB) FROM raw_block WHERE metric_id = ? AND t0 >= ? AND t0 < ?', example: [1, 0, 1] },
  /** A minute's rollup, computed from its whole raw block (so rewriting it is idempotent). */
  writeMinute: {
    sql: 'INSERT OR REPLACE INTO rollup_1m (metric_id, t, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?)',
    example: [1, 0, 0, 0, 0, 1],
  },
  /** An hour's rollup, from its minutes. */
  writeHour: {
    sql: `INSERT OR REPLACE INTO rollup_1h (metric_id, t, min, max, sum, count)
      SELECT metric_id, @hour, min(min), max(max), sum(sum), sum(count) FROM rollup_1m
      WHERE metric_id = @id AND t >= @hour AND t < @hour + 3600000 GROUP BY metric_id`,
    example: [{ id: 1, hour: 0 }],
  },
  /** An hour's rollup from its minutes' (a batch of pending rollups, store/pending-rollups.ts). */
  writeHourRow: {
    sql: 'INSERT OR REPLACE INTO rollup_1h (metric_id, t, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?)',
    example: [1, 0, 0, 0, 0, 1],
  },
  queryRollup_1m: { sql: rollupQuery('rollup_1m'), example: [{ origin: 0, bucket: 60_000, id: 1, to: 1 }] },
  queryRollup_1h: { sql: rollupQuery('rollup_1h'), example: [{ origin: 0, bucket: 3_600_000, id: 1, to: 1 }] },
  /** Retention runs per metric so each delete walks its primary key from the start. */
  expireRaw: { sql: 'DELETE FROM raw_block WHERE metric_id = ? AND t0 <= ?', example: [1, 0] },
  expire_1m: { sql: 'DELETE FROM rollup_1m WHERE metric_id = ? AND t < ?', example: [1, 0] },
  expire_1h: { sql: 'DELETE FROM rollup_1h WHERE metric_id = ? AND t < ?', example: [1, 0] },
} as const satisfies Record<string, { sql: string; example: readonly unknown[] }>

export type MetricSqlName = keyof typeof metricSql
