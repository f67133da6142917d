// Every statement the metric store runs, in one place, so a test can EXPLAIN each one and check that
// none scans a whole history table. `example` gives parameters for that EXPLAIN.
import type { Statement } from 'better-sqlite3'

export const HISTORY_TABLES = ['raw_block', 'rollup_1m', 'rollup_1h'] as const
export type RollupTable = 'rollup_1m' | 'rollup_1h'

const rollupQuery = (table: RollupTable) =>
  `SELECT (t - CAST(@origin AS INTEGER)) / CAST(@bucket AS INTEGER) AS b, min(min), max(max), sum(sum), sum(count)
   FROM ${table} WHERE metric_id = @id AND t >= @origin AND t < @to GROUP BY b ORDER BY b`

const rowsQuery = (table: RollupTable) =>
  `SELECT (t - CAST(@origin AS INTEGER)) / CAST(@bucket AS INTEGER) AS b, min, max, sum, count
   FROM ${table} WHERE metric_id = @id AND t >= @origin AND t < @to`

// Reads of many metrics in one statement (store/tier-read.ts, the report's path): the ids come as a
// JSON array so one prepared statement serves any number of them; each still walks the primary key.
const ids = 'metric_id IN (SELECT value FROM json_each(@ids))'
const manyBuckets = (table: RollupTable) =>
  `SELECT metric_id, (t - CAST(@origin AS INTEGER)) / CAST(@bucket AS INTEGER) AS b, min(min), max(max), sum(sum), sum(count)
   FROM ${table} WHERE ${ids} AND t >= @origin AND t < @to GROUP BY metric_id, b`
/** One row per bucket already (the bucket is the tier's own width): no GROUP BY, so no sort. */
const manyRows = (table: RollupTable) =>
  `SELECT metric_id, (t - CAST(@origin AS INTEGER)) / CAST(@bucket AS INTEGER) AS b, min, max, sum, count
   FROM ${table} WHERE ${ids} AND t >= @origin AND t < @to`
const manyExample = { ids: '[1,2]', origin: 0, bucket: 60_000, to: 1 }

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
  /** As queryRollup_*, where a bucket is one row (the tier's own width): no GROUP BY, so no sort. */
  queryRows_1m: { sql: rowsQuery('rollup_1m'), example: [{ origin: 0, bucket: 60_000, id: 1, to: 1 }] },
  queryRows_1h: { sql: rowsQuery('rollup_1h'), example: [{ origin: 0, bucket: 3_600_000, id: 1, to: 1 }] },
  manyBuckets_1m: { sql: manyBuckets('rollup_1m'), example: [manyExample] },
  manyBuckets_1h: { sql: manyBuckets('rollup_1h'), example: [manyExample] },
  manyRows_1m: { sql: manyRows('rollup_1m'), example: [manyExample] },
  manyRows_1h: { sql: manyRows('rollup_1h'), example: [manyExample] },
  manyBlocks: { sql: `SELECT metric_id, t0, n, ts, vs, enc FROM raw_block WHERE ${ids} AND t0 >= @from AND t0 < @to`, example: [{ ids: '[1]', from: 0, to: 1 }] },
  /**
   * Min, max, sum and count per metric over a span of minutes: whole hours from the 1-hour tier, the
   * minutes before the first and after the last whole hour from the 1-minute tier (an hour's row is
   * computed from its minutes, so the figures equal a walk over every minute, at 1/60 of the rows).
   */
  manyTotals: {
    sql: `SELECT metric_id, min(min), max(max), sum(sum), sum(count) FROM (
        SELECT metric_id, min, max, sum, count FROM rollup_1m WHERE ${ids} AND t >= @m0 AND t < @h0
        UNION ALL SELECT metric_id, min, max, sum, count FROM rollup_1h WHERE ${ids} AND t >= @h0 AND t < @h1
        UNION ALL SELECT metric_id, min, max, sum, count FROM rollup_1m WHERE ${ids} AND t >= @h1 AND t < @m1)
      GROUP BY metric_id`,
    example: [{ ids: '[1,2]', m0: 0, h0: 0, h1: 3_600_000, m1: 3_600_000 }],
  },
  /** Retention runs per metric so each delete walks its primary key from the start. */
  expireRaw: { sql: 'DELETE FROM raw_block WHERE metric_id = ? AND t0 <= ?', example: [1, 0] },
  expire_1m: { sql: 'DELETE FROM rollup_1m WHERE metric_id = ? AND t < ?', example: [1, 0] },
  expire_1h: { sql: 'DELETE FROM rollup_1h WHERE metric_id = ? AND t < ?', example: [1, 0] },
  /** The newest time a metric has stored (the end of its newest raw block or rollup), through the primary keys. */
  newestStored: {
    sql: `SELECT max(coalesce((SELECT max(t0) FROM raw_block WHERE metric_id = @id) + ${60_000}, 0),
        coalesce((SELECT max(t) FROM rollup_1m WHERE metric_id = @id) + ${60_000}, 0),
        coalesce((SELECT max(t) FROM rollup_1h WHERE metric_id = @id) + ${3_600_000}, 0)) AS t`,
    example: [{ id: 1 }],
  },
} as const satisfies Record<string, { sql: string; example: readonly unknown[] }>

export type MetricSqlName = keyof typeof metricSql

/** Every statement above, prepared on one database. */
export type MetricStatements = { [K in MetricSqlName]: Statement }
