// Reports (issue 12): the model for a period, from the engine's stores or a data directory's.
import os from 'node:os'
import type { Report, ReportParams } from '../../../shared/report.ts'
import { databaseSize, type Db } from '../store/database.ts'
import type { MetricStore } from '../store/metric-store.ts'
import type { ZoneStore } from '../store/zone-store.ts'
import { buildReport } from './build.ts'
import { PeriodError, resolvePeriod } from './period.ts'
import { costOfPeriod } from './cost.ts'
import type { CostSettings } from '../../../shared/cost.ts'

export { buildReport, type ReportSources } from './build.ts'
export { costOfPeriod } from './cost.ts'
export { resolvePeriod, PeriodError, type Period } from './period.ts'

/** This machine, as a report names it. */
export function thisHost(hostname = os.hostname()): Report['host'] {
  return {
    hostname,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryBytes: os.totalmem(),
  }
}

/** The `report` command of a running engine; a bad period is an Error naming its parameter. */
export function engineReport(
  e: { db: Db; metrics: MetricStore; zones: ZoneStore; dbFile: string; hostname?: string; costSettings: CostSettings },
  p: ReportParams,
  now = Date.now(),
): Report {
  let period
  try {
    period = resolvePeriod(p, now)
  } catch (err) {
    if (err instanceof PeriodError) throw new Error(`${err.param}: ${err.message}`, { cause: err })
    throw err
  }
  const host = thisHost(e.hostname)
  const cost = (from: number, to: number) => costOfPeriod({ metrics: e.metrics, db: e.db, settings: e.costSettings, host }, from, to, now)
  return buildReport({ metrics: e.metrics, db: e.db, databaseBytes: databaseSize(e.dbFile), scans: () => e.zones.scans(), host, now, cost }, period)
}
