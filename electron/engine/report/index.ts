// Reports (issue 12): the model for a period, from the engine's stores or a data directory's.
import os from 'node:os'
import type { Report } from '../../../shared/report.ts'

export { buildReport, type ReportSources } from './build.ts'
export { resolvePeriod, PeriodError, type Period } from './period.ts'

/** This machine, as a report names it. */
export function thisHost(): Report['host'] {
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryBytes: os.totalmem(),
  }
}
