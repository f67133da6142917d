// A fake /proc of hand-written files, for the process collector: every tick and page is known.
import fs from 'node:fs'
import path from 'node:path'

export interface FakeProc {
  pid: number
  ppid: number
  argv: string[]
  /** utime, stime, cutime, cstime in clock ticks. */
  ticks: [number, number, number, number]
  start: number
  /** Resident pages (stat's field 24). */
  rssPages?: number
  /** /proc/PID/smaps_rollup's Rss and Pss in kB; none: the file is absent (unreadable). */
  rollupKb?: { rss: number; pss: number }
}

/** Makes `dir` hold exactly `procs`. */
export function writeFakeProc(dir: string, procs: readonly FakeProc[]): void {
  for (const e of fs.readdirSync(dir)) fs.rmSync(path.join(dir, e), { recursive: true })
  for (const p of procs) {
    const d = path.join(dir, String(p.pid))
    fs.mkdirSync(d)
    const [u, s, cu, cs] = p.ticks
    const comm = path.basename(p.argv[0]).slice(0, 15)
    fs.writeFileSync(path.join(d, 'stat'), `${p.pid} (${comm}) S ${p.ppid} ${p.pid} ${p.pid} 0 -1 4194304 100 0 0 0 ${u} ${s} ${cu} ${cs} 20 0 1 0 ${p.start} 1000000 ${p.rssPages ?? 100} 18446744073709551615 1 1 0\n`)
    fs.writeFileSync(path.join(d, 'cmdline'), p.argv.join('\0') + '\0')
    if (p.rollupKb) {
      const r = p.rollupKb
      fs.writeFileSync(path.join(d, 'smaps_rollup'), `55d0c0000000-7ffd00000000 ---p 00000000 00:00 0                          [rollup]\nRss:            ${r.rss} kB\nPss:            ${r.pss} kB\nPss_Anon:       ${r.pss} kB\nShared_Clean:          0 kB\n`)
    }
  }
}
