// The scheduling priority of a process's threads, as the kernel reports it: on Linux the nice value
// of each thread (/proc/<pid>/task/<tid>/stat, field 19), elsewhere os.getPriority(pid) alone.
import fs from 'node:fs'
import os from 'node:os'

/** Field 19 (nice) of a /proc stat line; the command name in parentheses may hold spaces. */
function niceField(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // fields 3…
  return Number(fields[19 - 3])
}

export function threadNiceness(pid: number): number[] {
  if (process.platform !== 'linux') return [os.getPriority(pid)]
  const tids = fs.readdirSync(`/proc/${pid}/task`)
  const out: number[] = []
  for (const tid of tids) {
    try {
      out.push(niceField(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')))
    } catch {
      // a thread that ended meanwhile
    }
  }
  return out
}

export function processNiceness(pid: number): number {
  if (process.platform !== 'linux') return os.getPriority(pid)
  return niceField(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
}
