// Readers of Linux /proc files for self-telemetry: parse functions (pure, tested on recorded files)
// and `readProcess`, which reads one process and returns null where /proc is absent or the process
// has gone (macOS, Windows, a worker that just exited).
import { fs } from './builtins.ts'

export interface ProcIo {
  /** Bytes passed to write()-like calls, to any file, pipe or socket. */
  wchar: number
  /** Bytes this process caused to be sent to the storage layer (counted when page-cache pages are dirtied). */
  writeBytes: number
  readBytes: number
}

/** `/proc/<pid>/io`. Missing fields read as 0. */
export function readProcIo(text: string): ProcIo {
  const field = (name: string) => Number(new RegExp(`^${name}:\\s*(\\d+)`, 'm').exec(text)?.[1] ?? 0)
  return { wchar: field('wchar'), writeBytes: field('write_bytes'), readBytes: field('read_bytes') }
}

/** `/proc/<pid>/smaps_rollup`: resident and proportional set size in bytes (null when a field is missing). */
export function readSmapsRollup(text: string): { rssBytes: number | null; pssBytes: number | null } {
  const kb = (name: string) => {
    const m = new RegExp(`^${name}:\\s*(\\d+) kB`, 'm').exec(text)
    return m ? Number(m[1]) * 1024 : null
  }
  return { rssBytes: kb('Rss'), pssBytes: kb('Pss') }
}

/** `/proc/<pid>/status`: VmRSS in bytes, or null. */
export function readStatusRss(text: string): number | null {
  const m = /^VmRSS:\s*(\d+) kB/m.exec(text)
  return m ? Number(m[1]) * 1024 : null
}

/** `/proc/<pid>/stat`: user + system CPU time in clock ticks (the command name may hold spaces and parentheses). */
export function readStatCpuTicks(text: string): number {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
  // After the name: state(0) … utime is field 14 of the line, index 11 here; stime index 12.
  const ticks = Number(rest[11]) + Number(rest[12])
  if (!Number.isFinite(ticks)) throw new Error(`Unreadable /proc stat line: ${text.slice(0, 80)}`)
  return ticks
}

/** Linux USER_HZ: the unit of /proc/<pid>/stat times, 100 on every architecture Node supports. */
export const CLOCK_TICKS_PER_S = 100

export interface ProcessReading {
  pid: number
  cpuTicks: number
  rssBytes: number
  /** Proportional set size; RSS where smaps_rollup is not readable (older kernels, hardened /proc). */
  pssBytes: number
  pssFromRss: boolean
  /** null where /proc/<pid>/io is not readable (another user's process, hardened /proc). */
  writeBytes: number | null
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/**
 * Reads one process from `root` (default /proc); null when it is not there. `withPss` false skips
 * smaps_rollup (the kernel walks the page tables for it) and reports RSS as PSS.
 */
export function readProcess(pid: number, root = '/proc', withPss = true): ProcessReading | null {
  const stat = readText(`${root}/${pid}/stat`)
  if (stat === null) return null
  let cpuTicks: number
  try {
    cpuTicks = readStatCpuTicks(stat)
  } catch {
    return null
  }
  const smaps = withPss ? readText(`${root}/${pid}/smaps_rollup`) : null
  const rollup = smaps === null ? null : readSmapsRollup(smaps)
  const statusText = readText(`${root}/${pid}/status`)
  const rss = rollup?.rssBytes ?? (statusText === null ? null : readStatusRss(statusText)) ?? 0
  const pss = rollup?.pssBytes ?? null
  const io = readText(`${root}/${pid}/io`)
  return {
    pid,
    cpuTicks,
    rssBytes: rss,
    pssBytes: pss ?? rss,
    pssFromRss: pss === null,
    writeBytes: io === null ? null : readProcIo(io).writeBytes,
  }
}
