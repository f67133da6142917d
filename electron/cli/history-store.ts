// The data directory's metric history for one CLI command: locked (one writer), with the saved
// retention, closed cleanly (the open hour written) at the end.
import path from 'node:path'
import { cliLog, stderrLine } from './log.ts'

export async function openHistory(dir: string) {
  const { openDatabase, ensureDataDir, lockDataDir, MetricStore, SettingsStore } = await import('../engine/store/index.ts')
  ensureDataDir(dir)
  const lock = lockDataDir(dir)
  try {
    const warn = (m: string) => cliLog.warn(m)
    const db = openDatabase(path.join(dir, 'gapwatch.db'), { onWarning: warn })
    const settings = new SettingsStore(db, warn).get()
    const metrics = new MetricStore(db, { retention: settings.retention, onWarning: warn, onError: (m) => stderrLine(`error: ${m}`, 'error') })
    return {
      db,
      metrics,
      sampleIntervalMs: settings.sampleIntervalMs,
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
