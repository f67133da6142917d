// Numbered schema migrations: migrations[k] takes user_version k to k+1. Append only.
export const migrations: readonly string[] = [
  `
  CREATE TABLE metric (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  -- Raw samples in one-minute blocks per metric (like Netdata's dbengine pages): t0 is the minute,
  -- ts holds n Int32 offsets from t0 in ms and vs n Float64 values, both little-endian.
  CREATE TABLE raw_block (metric_id INTEGER NOT NULL, t0 INTEGER NOT NULL, n INTEGER NOT NULL,
    ts BLOB NOT NULL, vs BLOB NOT NULL, PRIMARY KEY (metric_id, t0));
  -- Rollups: t is the bucket start (minute or hour).
  CREATE TABLE rollup_1m (metric_id INTEGER NOT NULL, t INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
    sum REAL NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (metric_id, t)) WITHOUT ROWID;
  CREATE TABLE rollup_1h (metric_id INTEGER NOT NULL, t INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
    sum REAL NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (metric_id, t)) WITHOUT ROWID;
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
]
