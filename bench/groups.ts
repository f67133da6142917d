// Process-group matching cost: RE2JS (what the sampler runs, linear time) against the RegExp it
// replaced, on this machine's real process list. Run: node bench/groups.ts [--rounds 200]
//
// Each round matches every process's name and command line (as the Linux collector reads them: comm
// and at most 4 KiB of cmdline) against the default group plus three typical ones, as the collector
// does for a process it has not seen before (matches are then cached per process).
import fs from 'node:fs'
import { compileGroups, matchGroups } from '../electron/engine/sampler/groups.ts'
import { defaultSettings } from '../shared/settings.ts'

const i = process.argv.indexOf('--rounds')
const ROUNDS = i > 0 ? Number(process.argv[i + 1]) : 200

const procs: Array<{ name: string; command: string }> = []
for (const pid of fs.readdirSync('/proc')) {
  if (!/^\d+$/.test(pid)) continue
  try {
    const name = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`).subarray(0, 4096).toString('utf8').replace(/\0+$/, '').replaceAll('\0', ' ')
    procs.push({ name, command: raw === '' ? `[${name}]` : raw })
  } catch {
    // gone meanwhile
  }
}
const specs = [
  ...defaultSettings.processGroups,
  { name: 'strategies', pattern: 'python.*strategy' },
  { name: 'metatrader', pattern: 'MetaTrader|terminal64' },
  { name: 'node', pattern: '\\bnode\\b.*\\.ts' },
]
const re2 = compileGroups(specs).groups
const native = specs.map((s) => new RegExp(s.pattern, 'i'))

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b)
  return s[s.length >> 1]
}
function time(fn: () => number): { ms: number; hits: number } {
  const ms: number[] = []
  let hits = 0
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now()
    hits = fn()
    ms.push(performance.now() - t0)
  }
  return { ms: median(ms), hits }
}
const runRe2 = (): number => {
  let hits = 0
  for (const p of procs) hits += matchGroups(re2, p.name, p.command).length
  return hits
}
const runNative = (): number => {
  let hits = 0
  for (const p of procs) for (const re of native) if (re.test(p.name) || re.test(p.command)) hits++
  return hits
}
// Alternate the two, twice, so neither gets the warmer JIT alone.
runRe2()
runNative()
const a = time(runRe2)
const b = time(runNative)
const a2 = time(runRe2)
const b2 = time(runNative)
const r = Math.min(a.ms, a2.ms)
const n = Math.min(b.ms, b2.ms)
if (a.hits !== b.hits) throw new Error(`the engines disagree: RE2JS ${a.hits} matches, RegExp ${b.hits}`)
console.log(`${procs.length} processes × ${specs.length} groups, ${a.hits} matches, median of ${ROUNDS} rounds`)
console.log(`RE2JS   ${r.toFixed(3)} ms per full pass (${((r / procs.length) * 1000).toFixed(2)} µs per process)`)
console.log(`RegExp  ${n.toFixed(3)} ms per full pass (${((n / procs.length) * 1000).toFixed(2)} µs per process)`)
console.log(`ratio   ${(r / n).toFixed(2)}× (a full pass happens for new processes only; matches are cached per process)`)
