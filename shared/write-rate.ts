// What the engine's "written per hour" figure is (status bar, /api/health's engine.diskWrittenBytesPerHour),
// declared once. A scan burst (the first-run scan of the demo watchlist, an import) writes tens of MB
// in a minute or two; a rate over a window that holds it read as the engine's steady cost for the next
// ten minutes. So the window starts again when a burst is over (the pool's last job has finished after
// a scan; a chart's candle parse alone is no burst: engine/scan-burst.ts): at rest the figure is the
// steady rate, while a scan runs it shows that scan's writes.
// /metrics exports the counter (gapwatch_engine_disk_written_bytes_total), bursts included: Prometheus
// takes its own rate() of it.
import { formatDuration } from './format.ts'

/** The sliding window of the rate. */
export const WRITE_RATE_WINDOW_MS = 600_000
/** The rate is null (shown as "—") until its readings span this long. */
export const WRITE_RATE_MIN_SPAN_MS = 10_000

/** One sentence for a tooltip or a help text (its durations from the constants above). */
export const WRITE_RATE_DESCRIPTION = `bytes written to disk per hour over the last ${formatDuration(WRITE_RATE_WINDOW_MS)}, counted again from the end of the last scan burst (the first-run scan, an import), so at rest it is the steady rate (none until ${formatDuration(WRITE_RATE_MIN_SPAN_MS)} of readings)`
