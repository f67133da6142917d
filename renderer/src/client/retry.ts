// When the dashboard's queries try a failed call again (queries.ts). A busy reply (the server is
// still sending earlier replies to this address: shared/busy.ts) is retried with a backoff from the
// server's hint; any other error is worth one quick retry (the engine is local), not three with
// long backoff.
import { BUSY_RETRIES, busyDelayMs, isBusy } from '../../../shared/busy.ts'

export const RETRY = {
  retry: (failures: number, err: Error): boolean => failures < (isBusy(err) ? BUSY_RETRIES : 1),
  retryDelay: (failures: number, err: Error): number => (isBusy(err) ? busyDelayMs(failures, err.retryAfterMs) : 500),
}
