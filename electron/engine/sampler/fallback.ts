// Host collectors for platforms without /proc (Windows, macOS), on systeminformation. These calls
// may fork helpers (wmic/powershell, ps, netstat…) and cost far more than the /proc readers; they
// are the fallback, not the Linux path. systeminformation computes its rates (…_sec) between two of
// its own calls, so the first tick reports zeros, like the /proc collectors.
import os from 'node:os'
import type { Filesystem, Processes, Sample } from '../../../shared/sample.ts'
import { joinArgs, maskCommandLine, processName } from './cmdline.ts'
import { addToGroups, emptyGroups, matchGroups, topN } from './groups.ts'
import type { CompiledGroup } from './groups.ts'
import type { HostCollectors } from './types.ts'
import { siFunction } from './si.ts'

const rate = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0)
const pct = (v: number | null | undefined): number => Math.min(100, rate(v))

/**
 * A process's masked argv from systeminformation, before anything else sees it. On macOS `command` is
 * the executable and `params` its arguments as one string (ps joined them with spaces); on Windows
 * `command` is the whole CommandLine and `params` is empty. The string is split with its quotes
 * honoured, so a quoted header or seed phrase is masked whole.
 */
export function maskedArgv(command: string, params: string, windows: boolean): string[] {
  const argv = windows && params === '' ? maskCommandLine(command) : maskCommandLine(params, command)
  return argv.filter(Boolean)
}

export function createSiCollectors(o: { topN?: number } = {}): HostCollectors {
  const n = o.topN ?? 15
  // Process CPU is a share of one core in the sample. systeminformation reports it per core on
  // macOS (ps) but as a share of the whole machine on Windows.
  const perCore = process.platform === 'win32' ? os.availableParallelism() : 1
  /** Masked arguments by pid and command line, kept while the process is listed (as linux/processes.ts does). */
  let masked = new Map<string, string[]>()
  let groups: readonly CompiledGroup[] = []
  return {
    source: 'systeminformation',
    async cpu(): Promise<Sample['cpu']> {
      const l = await (await siFunction('currentLoad'))()
      const [a = 0, b = 0, c = 0] = os.loadavg()
      const user = pct(l.currentLoadUser + l.currentLoadNice)
      const system = pct(l.currentLoadSystem + l.currentLoadIrq)
      const steal = pct(l.currentLoadSteal)
      return {
        total: pct(l.currentLoad),
        user,
        system,
        iowait: 0, // not reported by systeminformation
        steal,
        cores: l.cpus.map((c) => pct(c.load)),
        load: [a, b, c],
      }
    },
    async memory(): Promise<Sample['memory']> {
      const m = await (await siFunction('mem'))()
      return {
        totalBytes: m.total,
        usedBytes: Math.max(0, m.total - m.available),
        availableBytes: m.available,
        cachedBytes: m.cached + m.reclaimable,
        swapUsedBytes: m.swapused,
        swapTotalBytes: m.swaptotal,
      }
    },
    async disk(): Promise<Sample['disk']> {
      const [fs, io] = await Promise.all([siFunction('fsStats').then((f) => f()), siFunction('disksIO').then((f) => f())])
      return {
        readBps: rate(fs?.rx_sec),
        writeBps: rate(fs?.wx_sec),
        readOps: rate(io?.rIO_sec),
        writeOps: rate(io?.wIO_sec),
      }
    },
    async network(): Promise<Sample['network']> {
      const stats = await (await siFunction('networkStats'))('*')
      const interfaces = stats
        .filter((s) => !/^(lo|lo0|loopback.*)$/i.test(s.iface))
        .map((s) => ({ name: s.iface, rxBps: rate(s.rx_sec), txBps: rate(s.tx_sec) }))
      return {
        rxBps: interfaces.reduce((t, i) => t + i.rxBps, 0),
        txBps: interfaces.reduce((t, i) => t + i.txBps, 0),
        interfaces,
      }
    },
    async processes(): Promise<Processes> {
      const p = await (await siFunction('processes'))()
      const totals = emptyGroups(groups)
      const seen = new Map<string, string[]>()
      const rows = p.list.map((q) => {
        const key = `${q.pid}\0${q.command}\0${q.params}`
        const argv = masked.get(key) ?? maskedArgv(q.command, q.params, process.platform === 'win32')
        seen.set(key, argv)
        const command = [q.path && !q.command.includes(q.path) ? q.path : '', joinArgs(argv)].filter(Boolean).join(' ')
        const row = { pid: q.pid, name: processName(q.name, argv), command: command || q.name, cpu: rate(q.cpu) * perCore, rssBytes: rate(q.memRss) * 1024 }
        if (groups.length > 0) addToGroups(totals, matchGroups(groups, row.name, row.command), row.cpu, row.rssBytes, row.rssBytes) // no PSS from systeminformation: RSS stands in
        return row
      })
      masked = seen
      return {
        topCpu: topN(rows, n, (r) => r.cpu),
        topMemory: topN(rows, n, (r) => r.rssBytes),
        groups: totals,
        total: rows.length,
      }
    },
    async filesystems(): Promise<Filesystem[]> {
      const list = await (await siFunction('fsSize'))()
      return list
        .filter((f) => f.size > 0)
        .map((f) => ({ mount: f.mount, device: f.fs, type: f.type, sizeBytes: f.size, usedBytes: f.used, availableBytes: f.available }))
    },
    setGroups(g: readonly CompiledGroup[]): void {
      groups = g
    },
    close(): void {},
  }
}
