// The contract's commands (shared/contract.ts) as the engine answers them: one handler per command,
// each given its parameters already validated by runCommand. The handlers reach the engine's public
// parts (settings, stores, scanner, alerts, cost, reports) directly and the rest through
// EngineInternals, which engine.ts implements.
import type { z } from 'zod'
import { commands, describeZodError, isCommandName, type CommandName, type CommandResult, type EngineUsage, type Health, type SamplingState } from '../../shared/contract.ts'
import type { Inventory } from '../../shared/inventory.ts'
import type { Report, ReportParams } from '../../shared/report.ts'
import type { Filesystem, Processes } from '../../shared/sample.ts'
import type { Settings } from '../../shared/settings.ts'
import { redactSettings } from '../../shared/settings-secrets.ts'
import { capacityOf } from './cost/service.ts'
import type { Engine } from './engine.ts'
import { quoteCell } from './market/errors.ts'
import { databaseSize } from './store/index.ts'

export type Handlers = { [K in CommandName]: (params: z.output<(typeof commands)[K]['params']>) => CommandResult<K> | Promise<CommandResult<K>> }

/** What the handlers need of the engine besides its public parts. */
export interface EngineInternals {
  version: string
  startedAt: number
  /** The engine's whole-tree cost at the last sample (null before one). */
  usage(): EngineUsage | null
  sampling(): SamplingState
  /** The inventory read at start, or null before it. */
  inventoryRead(): Inventory | null
  /** The inventory, read now if start has not read it yet. */
  inventory(): Promise<Inventory>
  /** The last process list and file systems. */
  snapshot(): { processes: Processes | null; filesystems: Filesystem[] | null }
  /** Applies saved settings to the running parts. */
  apply(s: Settings): void
  report(p: ReportParams): Report
  setSamplingPaused(paused: boolean): Promise<SamplingState>
}

export function commandHandlers(engine: Engine, x: EngineInternals): Handlers {
  return {
    health: (): Health => ({
      ok: true,
      version: x.version,
      uptimeS: (Date.now() - x.startedAt) / 1000,
      dataDir: engine.dataDir,
      dbBytes: databaseSize(engine.dbFile),
      gpuAvailable: x.inventoryRead()?.gpuAvailable ?? false,
      engine: x.usage(),
      sampling: x.sampling(),
    }),
    inventory: () => x.inventory(),
    query: (params) => {
      engine.metrics.flush()
      return engine.metrics.query(params)
    },
    metricNames: () => engine.metrics.metricNames(),
    snapshot: () => x.snapshot(),
    getSettings: () => redactSettings(engine.settings.get()),
    setSettings: (patch) => {
      const groupsBefore = engine.settings.get().processGroups.map((g) => g.name)
      // On a full disk update() throws SettingsNotSavedError and changes nothing (reported once).
      const next = engine.settings.update(patch)
      x.apply(next)
      if (patch.reportSchedule) void engine.reports.start()
      // Only a group this update removed or renamed is said: the Settings page sends its whole draft on any
      // save, and every save repeated the warning for every rule on a group never configured (a typo is
      // said by rulesSave and the no-data alert).
      const gone = new Set(groupsBefore.filter((n) => !next.processGroups.some((g) => g.name === n)))
      if (gone.size > 0) engine.alerts.warnGroupless(undefined, gone)
      // Secrets never leave the engine: clients get the redacted view (shared/settings-secrets.ts).
      const view = redactSettings(next)
      engine.emit('settings', view)
      return view
    },
    scanStart: (p) => {
      const entries = engine.scanner.entries(p.symbols ?? engine.settings.get().watchlist)
      if (p.symbols) {
        const missing = p.symbols.filter((sym) => !entries.some((e) => e.symbol === sym))
        if (missing.length) throw new Error(`Not on the watchlist: ${missing.join(', ')}`)
      }
      return { jobIds: engine.scanner.scan(entries, p) }
    },
    scanCancel: (p) => ({ cancelled: engine.scanner.cancel(p.jobIds) }),
    poolStatus: () => engine.scanner.poolStatus(),
    watchlist: () => engine.scanner.watchlist(),
    zones: (p) => engine.scanner.zones.zones(p.symbol, p.timeframe, p),
    candles: (p) => engine.scanner.candles(p.symbol, p.timeframe, p.limit),
    importCsv: (p) => engine.scanner.importCsv(p.name, p.content, { tz: p.tz }),
    bench: (p) => engine.scanner.bench(p),
    poolHistory: () => engine.scanner.history.points(),
    replayStart: (p) => engine.scanner.replays.start(p.symbol, p.timeframe, p.speed),
    replayStop: () => ({ stopped: engine.scanner.replays.stop() }),
    rulesList: () => engine.alerts.rules(),
    rulesSave: (p) => engine.alerts.saveRule(p.rule),
    rulesDelete: (p) => ({ deleted: engine.alerts.deleteRule(p.name) }),
    rulesBacktest: (p) => engine.alerts.backtest(p.rule, p.from, p.to),
    alertsActive: () => engine.alerts.active(),
    alertsLog: (p) => engine.alerts.log(p),
    alertsAcknowledge: (p) => ({ acknowledged: engine.alerts.acknowledge(p.name) }),
    alertsSilence: (p) => engine.alerts.silence(p),
    alertsSilences: () => engine.alerts.engine.activeSilences(),
    alertsUnsilence: (p) => ({ removed: engine.alerts.engine.unsilence(p.id) }),
    alertsDeliveries: (p) => engine.alerts.store.deliveries(p.limit),
    alertmanagerTest: () => engine.alerts.testAlertmanager(engine.settings.get().alertmanager),
    report: (p) => x.report(p),
    reportsList: () => engine.reports.list(),
    cost: async (p) => engine.cost.report(p, capacityOf(await x.inventory())),
    samplingPause: () => x.setSamplingPaused(true),
    samplingResume: () => x.setSamplingPaused(false),
  }
}

/** Runs a command of the contract; params are validated and a bad one is rejected with its fields named. */
export async function runCommand(handlers: Handlers, name: string, params: unknown): Promise<unknown> {
  // The name comes from a client: quoted clipped and escaped, never echoed whole into a reply or a log.
  if (!isCommandName(name)) throw new Error(`Unknown command ${quoteCell(name)}.`)
  const parsed = commands[name].params.safeParse(params ?? {})
  if (!parsed.success) throw new Error(`Invalid parameters for "${name}": ${describeZodError(parsed.error)}`)
  const handler = handlers[name] as (p: unknown) => unknown
  return await handler(parsed.data)
}
