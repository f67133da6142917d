// The data directory's metric history for one CLI command: locked (one writer), with the saved
// retention, closed cleanly (the open hour written) at the end. A read-only command (`readOnly`)
// on a directory the running app holds opens it read-only instead (store/readonly.ts), with a note.
import path from 'node:path'
import { cliLog, stderrLine } from './log.ts'

export async function openHistory(dir: string, o: { readOnly?: boolean } = {}) {
  const { openDatabase, ensureDataDir, lockDataDir, MetricStore, SettingsStore, InstanceLockedError } = await import('../engine/store/index.ts')
  ensureDataDir(dir)
  const warn = (m: string) => cliLog.warn(m)
  let lock: ReturnType<typeof lockDataDir>
  try {
    lock = lockDataDir(dir)
  } catch (err) {
    if (!(o.readOnly === true && err instanceof InstanceLockedError)) throw err
    const { openReadOnlyHistory, READ_ONLY_NOTE } = await import('../engine/store/readonly.ts')
    const ro = openReadOnlyHistory(dir, warn)
    stderrLine(`note: ${READ_ONLY_NOTE}`, 'info')
    return { db: ro.db, metrics: ro.metrics, sampleIntervalMs: ro.settings.sampleIntervalMs, readOnly: true, close: () => ro.close() }
  }
  try {
    const db = openDatabase(path.join(dir, 'gapwatch.db'), { onWarning: warn })
    const settings = new SettingsStore(db, warn).get()
    const metrics = new MetricStore(db, { retention: settings.retention, onWarning: warn, onError: (m) => stderrLine(`error: ${m}`, 'error') })
    return {
      db,
      metrics,
      sampleIntervalMs: settings.sampleIntervalMs,
      readOnly: false,
      close() {
        metrics.close()
        db.close()
        lock.release()
      },
    }
  } catch (err) {
    lock.release()
    throw err
  }
}
