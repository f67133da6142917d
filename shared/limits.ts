// Bounds on what crosses a boundary into the engine, declared once: the server, the importer, the
// CLI and the contract's schemas all read them from here.

/** The largest CSV file the importer or `gapwatch scan` reads (uploads past it get 413). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024

/**
 * The largest WebSocket message the server accepts. The biggest legitimate command is a settings
 * patch (50 process groups of 500-character patterns, a 500-symbol watchlist): well under 256 KiB.
 * CSV imports do not travel over the WebSocket but as a streamed HTTP upload.
 */
export const MAX_WS_MESSAGE_BYTES = 256 * 1024

/**
 * How far a WebSocket client may fall behind (bytes queued for it but not yet taken by the network):
 * past it the server drops the client (1013) rather than buffer replies and events without end.
 */
export const MAX_WS_BUFFERED_BYTES = 8 * 1024 * 1024

/** The widest range one `query` may ask for: the hourly tier's ~2 years, with room to spare. */
export const MAX_QUERY_SPAN_MS = 10 * 366 * 24 * 3_600_000

/** The shortest token `gapwatch serve` accepts (`--token generate` makes a 32-character one). */
export const MIN_TOKEN_LENGTH = 16

/** Failed logins or bad credentials per client address per minute before it gets 429. */
export const MAX_AUTH_FAILURES_PER_MINUTE = 10

/**
 * Candle times the importer accepts, epoch ms: from 1970-01-01 up to (not including) 2200-01-01.
 * Outside them a time is a misread unit or a typo (a 13-digit ms stamp with a digit too many is
 * year 5138), and the charts' and the store's time axes need no room for it.
 */
export const MIN_CANDLE_TIME_MS = 0
export const MAX_CANDLE_TIME_MS = Date.UTC(2200, 0, 1)

/** Commands one WebSocket client may have running at once; more are refused until replies go out. */
export const MAX_WS_PENDING_REQUESTS = 64

/**
 * The same bound for all the WebSocket clients of one address (an IPv6 /64) together, and for the
 * whole server: a client that opens many sockets gets no more work done than through one.
 */
export const MAX_WS_PENDING_REQUESTS_PER_ADDRESS = 64
export const MAX_WS_PENDING_REQUESTS_TOTAL = 256

/**
 * Bytes of WebSocket replies and events queued (sent, not yet taken by the network) for one address's
 * clients together and for the whole server: 120 sockets that never read, each 8 MiB behind before
 * being dropped, once grew serve from 117 MB to 2.37 GB. Past them no request is computed and a reply
 * is replaced by a refusal in words ("busy sending earlier replies ... try again"); the socket stays
 * open. An event goes to a socket with nothing queued; for one with bytes queued, the socket holding
 * the most bytes of that address (or server) is dropped (1013). A client that keeps up is never
 * dropped for bytes other sockets hold. One reply larger than a bound (a ~11 MB query) still goes
 * when its address is under the bound.
 */
export const MAX_WS_QUEUED_BYTES_PER_ADDRESS = 16 * 1024 * 1024
export const MAX_WS_QUEUED_BYTES = 64 * 1024 * 1024

/**
 * A WebSocket client address's requests are computed one after another, each once the reply before
 * it is queued and counted against the bounds above (server/ws-turns.ts); a request waiting on a
 * worker, the disk or the network lets the next one start, up to this many waiting at once.
 */
export const MAX_WS_WAITING_REQUESTS_PER_ADDRESS = 8

/**
 * Frames a dashboard sends to the hosts relay before the remote engine answers are held, at most
 * this many bytes per socket and in all sockets together; past them the socket is closed (1013).
 */
export const MAX_RELAY_EARLY_BYTES_PER_SOCKET = 1024 * 1024
export const MAX_RELAY_EARLY_BYTES = 16 * 1024 * 1024

/**
 * Once the remote engine is connected, bytes the relay may have queued toward it (sent, not yet
 * taken by its network), per dashboard socket and in all relay sockets together; a dashboard frame
 * that would pass either closes that dashboard's socket (1013) naming the host. A dashboard sends
 * commands of at most MAX_WS_MESSAGE_BYTES, and the remote runs at most MAX_WS_PENDING_REQUESTS of
 * them at once, so a remote that keeps up never holds this much: without it one socket writing to a
 * remote that never read grew serve by 500 MB in 10 s.
 */
export const MAX_RELAY_QUEUED_BYTES_PER_SOCKET = 1024 * 1024
export const MAX_RELAY_QUEUED_BYTES = 16 * 1024 * 1024

/** The longest command name a request may carry (the longest real one is under 20 characters). */
export const MAX_COMMAND_NAME_CHARS = 64

/**
 * Scan jobs that may wait in the pool's queue at once; a scan that would pass it is refused.
 * Repeated scanStart calls once piled up 21,527 jobs (a 4.4 MB poolStatus reply).
 */
export const MAX_QUEUED_SCAN_JOBS = 1000

/** Active jobs one poolStatus reply (and poolStats event) lists; its counts stay exact. */
export const MAX_LISTED_POOL_JOBS = 200

/** Symbols × candles one scaling experiment may generate (100 × 500,000; 50 × 1,000,000). */
export const MAX_BENCH_TOTAL_CANDLES = 50_000_000

/**
 * CSV uploads `gapwatch serve` receives at once (POST /api/import; the next gets 429), and desktop
 * imports by path copied at once. Each may hold up to MAX_IMPORT_BYTES on disk until its parse
 * ends, so this bounds what they hold to 256 MiB.
 */
export const MAX_CONCURRENT_UPLOADS = 4

/**
 * An upload whose body stops arriving for this long is ended (408) and frees its slot: one that
 * sent part of its body and stopped held one of MAX_CONCURRENT_UPLOADS slots until Node's request
 * timeout (5 minutes). The same bound as a request's headers (HTTP_HEADERS_TIMEOUT_MS); a slow but
 * steady upload is not cut, only one that sends nothing for this long.
 */
export const UPLOAD_STALL_MS = 15_000

/** The most workers a scaling experiment may start: twice the cores (at least 2). */
export function maxBenchWorkers(cores: number): number {
  return Math.max(2, 2 * cores)
}

/**
 * The longest number cell (price, volume, epoch time) the CSV importer reads, in characters.
 * A double holds 17 significant digits; with sign, point, exponent and generous zero padding no
 * real price or volume needs more. Past it the cell is refused: a 60 MB digit run took 18–42 s
 * and 2.4 GB to read, and one followed by 'e' backtracked for minutes.
 */
export const MAX_NUMBER_CELL_CHARS = 64

/**
 * The most columns a CSV file's first line may have (header or not). Candle files have 5–12; a
 * 60 MB line of commas took 20 s and 1.7 GB to split into 60 million header names.
 */
export const MAX_CSV_COLUMNS = 256

/** The largest body `gapwatch serve`'s login accepts ({"token": "..."}), in bytes; past it 413. */
export const MAX_LOGIN_BODY_BYTES = 4 * 1024

/**
 * How long a small JSON body (login, a saved host) may take to arrive in all, from when it is first
 * read: then 408 and the connection closes. Without it, 128 login bodies sending a space every 5 s
 * held a client address's sockets for Node's 300 s request timeout (no token needed): a stall timer
 * alone would not end them, so this bounds the whole body. The same 15 s as a request's headers
 * (HTTP_HEADERS_TIMEOUT_MS); a few KiB arrive in well under a second.
 */
export const JSON_BODY_TIMEOUT_MS = 15_000

/** The largest host a POST /api/hosts may send ({name, url, token}), in bytes; past it 413. */
export const MAX_HOST_BODY_BYTES = 8 * 1024
/**
 * Sockets `gapwatch serve` holds at once, and from one client address. Past them a new connection is
 * closed at once: 1,500 half-sent requests once took every descriptor a 1,024-descriptor process had,
 * and the sampler failed with EMFILE. A browser uses about 7 per tab (6 HTTP/1.1 and a WebSocket).
 */
export const MAX_HTTP_CONNECTIONS = 512
export const MAX_HTTP_CONNECTIONS_PER_ADDRESS = 128
/**
 * How long `gapwatch serve` waits for a request's headers (then 408 and the socket closes). Node's
 * 60 s, checked every 30 s, let sockets that send nothing (or a byte at a time) hold a client
 * address's 128 sockets for 76 s: on loopback every local client is one address, the dashboard
 * included. Browsers, curl and Prometheus send their headers at once.
 */
export const HTTP_HEADERS_TIMEOUT_MS = 15_000

/** The largest PEM file `gapwatch serve --tls-cert/--tls-key` reads (a certificate chain is a few KiB). */
export const MAX_PEM_FILE_BYTES = 1024 * 1024

/** The largest hand-editable JSON settings file read (hosts.json: at most a few KiB in use). */
export const MAX_JSON_FILE_BYTES = 1024 * 1024

/**
 * API reads over HTTP (/api/*, /metrics) one client (an address; an IPv6 /64) and the whole server
 * may have in flight, each until its answer has gone or its socket closed; past them 429. One
 * /api/query can be ~11 MB: 100 never read once grew serve to 4.4 GB.
 */
export const MAX_API_READS_PER_CLIENT = 8
export const MAX_API_READS = 32

/**
 * The most rules a rules file holds (rules.yaml, `rules check`). A save from a client that would pass
 * it is refused: rule 1,001 was once accepted, then the file failed this bound at the next start and
 * every rule was replaced by the defaults.
 */
export const MAX_RULES = 1000

/**
 * Silences: how many may be active at once (the next is refused until one is removed or ends), how
 * many labels one matches on, and how long a label's name and value (a rule's label values have the
 * same bound). 3,000 silences of 200 labels of 500 characters once made a 305 MB database and an
 * `alertsSilences` reply over 100 MB that held the engine 3.9 s; within these, a listing of all of
 * them is at most ~6 MB.
 */
export const MAX_ACTIVE_SILENCES = 1000
export const MAX_SILENCE_LABELS = 20
export const MAX_LABEL_NAME_CHARS = 64
export const MAX_LABEL_VALUE_CHARS = 200

/**
 * How long the engine's writes wait for a lock on gapwatch.db that another program holds (a backup or
 * an inspection tool in a write transaction): then the write fails with SQLITE_BUSY and the user is
 * told once. What each write does then: history is kept in memory and written at the next flush;
 * alert log, alert state, webhook delivery and alert meta rows are kept in order and retried at each
 * flush (alert-store.ts, at most MAX_ALERT_WRITES_WAITING); scan results and run records are retried
 * too; a command that writes (setSettings, alertsSilence) fails back to its caller with
 * "database is locked" to be tried again. The engine is the database's only writer (the data
 * directory's lock), so it never waits on itself; 2 s froze its one thread (sampler, WebSocket,
 * /api/health) 2 s per write while the lock lasted. The CLI waits 2 s.
 */
export const ENGINE_DB_BUSY_TIMEOUT_MS = 100

/**
 * The largest rules file read (rules.yaml, `rules check`, `rules backtest`). It holds at most 1,000
 * rules of a few hundred bytes; a 6.8 MB file took 14 s and 760 MB of YAML parsing to be refused.
 */
export const MAX_RULES_FILE_BYTES = 2 * 1024 * 1024

/** The largest instance catalog file read (`gapwatch cost --catalog`; a thousand entries are ~150 KB). */
export const MAX_CATALOG_BYTES = 4 * 1024 * 1024

/**
 * A webhook's timeout (rules.yaml `webhook.timeout`): an HTTP wait of more than minutes is never
 * meant, and past 24.8 days Node's timer fired at once, so every delivery failed within a millisecond.
 */
export const MIN_WEBHOOK_TIMEOUT_MS = 1000
export const MAX_WEBHOOK_TIMEOUT_MS = 5 * 60_000

/** The longest duration rules and the CLI take (100 years): a 400-digit `for:` was Infinity ms, a rule that could never fire. */
export const MAX_DURATION_MS = 100 * 365 * 86_400_000
