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
  `
  -- FVG zones of the last scan of each symbol and timeframe, replaced whole by each new scan.
  CREATE TABLE fvg_zone (symbol TEXT NOT NULL, timeframe TEXT NOT NULL, idx INTEGER NOT NULL, direction INTEGER NOT NULL,
    top REAL NOT NULL, bottom REAL NOT NULL, time INTEGER NOT NULL, mitigated_index INTEGER, mitigated_time INTEGER,
    PRIMARY KEY (symbol, timeframe, idx, direction)) WITHOUT ROWID;
  CREATE TABLE symbol_scan (symbol TEXT NOT NULL, timeframe TEXT NOT NULL, source TEXT NOT NULL, candles INTEGER NOT NULL,
    first_time INTEGER, last_time INTEGER, last_close REAL, interval_ms INTEGER, fvgs INTEGER NOT NULL,
    open_fvgs INTEGER NOT NULL, scanned_at INTEGER NOT NULL, PRIMARY KEY (symbol, timeframe)) WITHOUT ROWID;
  CREATE TABLE pool_run (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, started_at INTEGER NOT NULL, finished_at INTEGER,
    workers INTEGER NOT NULL, jobs INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0, candles INTEGER NOT NULL DEFAULT 0, fvgs INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE pool_job (run_id INTEGER NOT NULL, job_id INTEGER NOT NULL, symbol TEXT NOT NULL, timeframe TEXT NOT NULL,
    queue TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, error TEXT, candles INTEGER, fvgs INTEGER,
    started_at INTEGER, finished_at INTEGER, PRIMARY KEY (run_id, job_id));
  `,
  `
  -- The metric store keeps the open hour in memory and in a raw log beside the database
  -- (store/raw-log.ts). raw_until: log records before it are already in raw_block. log_id ties the
  -- log to this database, so a log left beside a recreated file is not replayed into it.
  CREATE TABLE store_mark (id INTEGER PRIMARY KEY CHECK (id = 1), raw_until INTEGER NOT NULL, log_id INTEGER NOT NULL);
  INSERT INTO store_mark (id, raw_until, log_id) VALUES (1, 0, abs(random() % 4294967296));
  `,  `
  -- How raw_block.ts is encoded (store/raw-block.ts TsEncoding): 0, Int32 offsets; 1, varint
  -- delta-of-deltas (a byte a value at a steady cadence).
  ALTER TABLE raw_block ADD COLUMN enc INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- Alerts (engine/alerts/alert-store.ts): each rule's live state (so a restart neither re-notifies a
  -- firing alert nor restarts a pending one), the alert log (>= 30 days), silences, webhook deliveries,
  -- and small key-value facts (the last good rules file).
  CREATE TABLE alert_state (rule TEXT PRIMARY KEY, state TEXT NOT NULL, active_at INTEGER NOT NULL, fired_at INTEGER,
    last_active_at INTEGER NOT NULL, value REAL, peak REAL, notified INTEGER NOT NULL, acknowledged_at INTEGER) WITHOUT ROWID;
  CREATE TABLE alert_log (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
    state TEXT NOT NULL, value REAL, message TEXT NOT NULL, muted TEXT);
  CREATE INDEX alert_log_t ON alert_log (t);
  CREATE INDEX alert_log_rule_t ON alert_log (rule, t);
  CREATE TABLE alert_silence (id INTEGER PRIMARY KEY, rule TEXT, labels TEXT NOT NULL, until INTEGER NOT NULL,
    comment TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE alert_delivery (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, rule TEXT NOT NULL, url TEXT NOT NULL,
    status TEXT NOT NULL, attempts INTEGER NOT NULL, http_status INTEGER, error TEXT);
  CREATE INDEX alert_delivery_t ON alert_delivery (t);
  CREATE TABLE alert_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `,
  `
  -- The metric store writes the rollups of closed hours in batches (store/pending-rollups.ts):
  -- rollup_until, every hour before it has its rollup_1m/rollup_1h rows; later hours' rollups are
  -- rebuilt from raw_block at start. Until now every written hour had its rollups (including an open
  -- hour a clean shutdown wrote, past raw_until).
  ALTER TABLE store_mark ADD COLUMN rollup_until INTEGER NOT NULL DEFAULT 0;
  UPDATE store_mark SET rollup_until = max(raw_until, coalesce((SELECT max(t) + 3600000 FROM rollup_1h), 0));
  `,
  `
  -- Per-symbol import options (scanner/symbol-options.ts): tz, the zone of an imported file's
  -- wall-clock times (broker server time), used again by its next import and rescans.
  CREATE TABLE symbol_option (symbol TEXT PRIMARY KEY, tz TEXT) WITHOUT ROWID;
  `,
]
