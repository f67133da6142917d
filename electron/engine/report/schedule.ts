// Scheduled reports: at each time of the schedule (cron in an IANA time zone, croner: DST-correct),
// the report of the preset period ending then is written as JSON and/or PDF (Settings: formats) into the reports folder,
// which keeps the last N. A failure (the JSON or the PDF) is reported through onFailure (the engine
// raises an alert), never skipped silently. The last run is remembered in the folder: a run missed
// while the app was closed is run once at start (however many were missed).
import { fs } from '../builtins.ts'
import path from 'node:path'
import { Cron } from 'croner'
import { STORED_REPORT_NAME, type Report, type ReportPreset, type ReportSchedule, type StoredReport } from '../../../shared/report.ts'

const STATE_FILE = 'schedule-state.json'
/** setTimeout's longest delay; a later run re-arms. */
const MAX_DELAY = 2 ** 31 - 1

/** The first time of the schedule strictly after `after`, or null when there is none. */
export function nextRun(s: Pick<ReportSchedule, 'cron' | 'tz'>, after: number): number | null {
  return new Cron(s.cron, { timezone: s.tz, paused: true }).nextRun(new Date(after))?.getTime() ?? null
}

/**
 * The latest time of the schedule in (lastRun, now], or null (nothing missed; no run yet counts as none).
 * Asked of croner backwards from `now` (its previous run strictly before now + 1 ms): walking forward
 * from the last run built a Cron per step, 2 s of the engine's thread at start after two years away
 * from an hourly schedule, and stopped after 100,000 steps with a run long before `now`.
 */
export function missedRun(s: Pick<ReportSchedule, 'cron' | 'tz'>, lastRun: number | null, now: number): number | null {
  if (lastRun === null) return null
  const latest = new Cron(s.cron, { timezone: s.tz, paused: true }).previousRuns(1, new Date(now + 1))[0]?.getTime()
  return latest !== undefined && latest > lastRun && latest <= now ? latest : null
}

export interface SchedulerOptions {
  /** The reports folder (created when first written). */
  dir: string
  schedule: () => ReportSchedule
  build: (preset: ReportPreset, at: number) => Report
  /** The PDF of a report (its self-contained page printed by a Chromium, or by Electron's printToPDF on the desktop). */
  print: (report: Report) => Promise<Uint8Array>
  onFailure: (message: string) => void
  onSuccess?: (stored: StoredReport) => void
  now?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

const stamp = (t: number) => new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

export class ReportScheduler {
  private readonly o: SchedulerOptions
  private timer: unknown = null
  private stopped = true
  /** The time the armed timer waits for. */
  next: number | null = null

  constructor(o: SchedulerOptions) {
    this.o = o
  }

  private now(): number {
    return this.o.now?.() ?? Date.now()
  }

  /** Runs a missed report once, then arms the timer. Call again after the schedule changes. */
  async start(): Promise<void> {
    this.stop()
    this.stopped = false
    const s = this.o.schedule()
    if (!s.enabled) return
    const missed = missedRun(s, this.lastRun(), this.now())
    if (missed !== null) await this.run(missed)
    else if (this.lastRun() === null) this.saveLastRun(this.now()) // from now on, a missed run counts
    this.arm()
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) (this.o.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>)
    this.timer = null
    this.next = null
  }

  private arm(): void {
    if (this.stopped) return
    const s = this.o.schedule()
    const now = this.now()
    this.next = s.enabled ? nextRun(s, now) : null
    if (this.next === null) return
    const at = this.next
    const fire = () => {
      this.timer = null
      if (this.now() < at) return this.arm() // a delay past setTimeout's longest, or an early wake
      void this.run(at).finally(() => this.arm())
    }
    this.timer = (this.o.setTimer ?? setTimeout)(fire, Math.min(MAX_DELAY, Math.max(0, at - now)))
    ;(this.timer as { unref?: () => void } | null)?.unref?.() // a schedule never keeps the process alive
  }

  /** Writes the report of the scheduled preset ending at `at`; returns what was stored (null: nothing). */
  async run(at: number): Promise<StoredReport | null> {
    const s = this.o.schedule()
    this.saveLastRun(at)
    const base = path.join(this.o.dir, `gapwatch-report-${stamp(at)}`)
    let report: Report
    try {
      fs.mkdirSync(this.o.dir, { recursive: true })
      report = this.o.build(s.preset, at)
      if (s.formats.includes('json')) fs.writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`)
    } catch (err) {
      this.o.onFailure(`The scheduled report of ${new Date(at).toISOString()} was not written: ${(err as Error).message}`)
      return null
    }
    let printed = true
    if (s.formats.includes('pdf')) {
      try {
        fs.writeFileSync(`${base}.pdf`, await this.o.print(report))
      } catch (err) {
        printed = false
        const json = s.formats.includes('json') ? ' (its JSON was written)' : ''
        this.o.onFailure(`The scheduled report of ${new Date(at).toISOString()} has no PDF${json}: ${(err as Error).message}`)
      }
    }
    this.prune(s.keep)
    const stored = this.list().find((r) => r.name === path.basename(base)) ?? null
    if (stored && printed) this.o.onSuccess?.(stored)
    return stored
  }

  /** The stored reports, newest first. */
  list(): StoredReport[] {
    let names: string[]
    try {
      names = fs.readdirSync(this.o.dir)
    } catch {
      return []
    }
    const byStem = new Map<string, StoredReport>()
    for (const name of names) {
      const m = STORED_REPORT_NAME.exec(name)
      if (!m) continue
      const stem = name.slice(0, -(m[2].length + 1))
      const at = `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6, 8)}T${m[1].slice(9, 11)}:${m[1].slice(11, 13)}:${m[1].slice(13, 15)}Z`
      const r = byStem.get(stem) ?? { name: stem, at: new Date(at).toISOString(), json: null, pdf: null, bytes: 0 }
      r[m[2] as 'json' | 'pdf'] = name
      r.bytes += fs.statSync(path.join(this.o.dir, name), { throwIfNoEntry: false })?.size ?? 0
      byStem.set(stem, r)
    }
    return [...byStem.values()].sort((a, b) => (a.at < b.at ? 1 : -1))
  }

  /** Deletes all but the newest `keep` reports. */
  prune(keep: number): void {
    for (const r of this.list().slice(keep)) {
      for (const f of [r.json, r.pdf]) if (f) fs.rmSync(path.join(this.o.dir, f), { force: true })
    }
  }

  private lastRun(): number | null {
    try {
      const v = (JSON.parse(fs.readFileSync(path.join(this.o.dir, STATE_FILE), 'utf8')) as { lastRun?: unknown }).lastRun
      return typeof v === 'number' && Number.isFinite(v) ? v : null
    } catch {
      return null
    }
  }

  private saveLastRun(t: number): void {
    try {
      fs.mkdirSync(this.o.dir, { recursive: true })
      fs.writeFileSync(path.join(this.o.dir, STATE_FILE), JSON.stringify({ lastRun: t }))
    } catch (err) {
      this.o.onFailure(`Could not remember the last scheduled report in ${this.o.dir}: ${(err as Error).message}`)
    }
  }
}
