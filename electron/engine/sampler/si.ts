// systeminformation one function at a time. Its index requires all 20 of its lib files (bluetooth
// with its vendor table, docker, wifi, printers, VirtualBox…), and a long-running engine keeps every
// module it has loaded: ~2 MiB of `gapwatch serve`'s memory at rest, mostly for functions it never
// calls (on Linux the sampler reads /proc and systeminformation serves only the start-up inventory).
// So each function is imported on its first call from the lib file that defines it; except on
// Windows, where the index first sets up the code page and PowerShell every lib file's commands use.
//
// On Linux the inventory is its only use, so there the lib files are required (CommonJS) for it and
// let go after it (withSiOnce, let-go.ts): an ES module import would keep them for the process's life.
import type * as Systeminformation from 'systeminformation'
import { requireForOnce } from '../let-go.ts'

type Si = typeof Systeminformation

/** The lib file of each function the engine calls (literal imports, so bundlers see them). */
const LIBS = {
  cpu: () => import('systeminformation/lib/cpu.js'),
  osinfo: () => import('systeminformation/lib/osinfo.js'),
  memory: () => import('systeminformation/lib/memory.js'),
  graphics: () => import('systeminformation/lib/graphics.js'),
  filesystem: () => import('systeminformation/lib/filesystem.js'),
  network: () => import('systeminformation/lib/network.js'),
  processes: () => import('systeminformation/lib/processes.js'),
}
export const LIB_OF = {
  cpu: 'cpu',
  currentLoad: 'cpu',
  osInfo: 'osinfo',
  mem: 'memory',
  graphics: 'graphics',
  fsSize: 'filesystem',
  fsStats: 'filesystem',
  disksIO: 'filesystem',
  networkStats: 'network',
  processes: 'processes',
} as const satisfies Partial<Record<keyof Si, keyof typeof LIBS>>

export type SiFunction = keyof typeof LIB_OF

/** systeminformation's function `name`, from its lib file (from the index on Windows). */
export async function siFunction<K extends SiFunction>(name: K, platform: NodeJS.Platform = process.platform): Promise<Si[K]> {
  const lib: Partial<Si> = platform === 'win32' ? (await import('systeminformation')).default : (await LIBS[LIB_OF[name]]()).default
  const fn = lib[name]
  if (typeof fn !== 'function') throw new Error(`systeminformation has no ${name}()`)
  return fn as Si[K]
}

/** How withSiOnce's `use` gets a function. */
export type SiGet = <K extends SiFunction>(name: K) => Promise<Si[K]>

/**
 * Runs `use` (a one-off job: the start-up inventory) with systeminformation's functions. On Linux they
 * come from lib files required for it and let go once it has settled; elsewhere from siFunction,
 * whose modules the fallback sampler keeps using.
 */
export async function withSiOnce<T>(use: (si: SiGet) => Promise<T>, platform: NodeJS.Platform = process.platform): Promise<T> {
  if (platform !== 'linux') return use((name) => siFunction(name, platform))
  const once = requireForOnce(import.meta.url, 'systeminformation')
  try {
    return await use(async (name) => {
      const lib = once.require(`systeminformation/lib/${LIB_OF[name]}.js`) as Partial<Si>
      const fn = lib[name]
      if (typeof fn !== 'function') throw new Error(`systeminformation has no ${name}()`)
      return fn as Si[typeof name]
    })
  } finally {
    once.letGo()
  }
}
