// Two processes that take the data directory's lock (engine/store/lock.ts) at the same instant: exactly
// one holds it and the other is refused with the usual message, every time. Each attempt took SQLite's SHARED lock before upgrading it, so
// two that got there together each held SHARED, neither could upgrade, and both were refused (review2
// finding 1: 9 of 20 pairs). Two real processes (test/helpers/lock-racer.ts) both watch for one
// signal file and try the moment the test creates it, many rounds, each on a fresh file or directory.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { afterEach, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp.ts'

const racer = path.join(import.meta.dirname, '../helpers/lock-racer.ts')
const ROUNDS = 40

interface Racer {
  child: ChildProcessWithoutNullStreams
  next(): Promise<string>
}

const started: Racer[] = []
afterEach(() => {
  for (const r of started.splice(0)) r.child.kill('SIGKILL')
})

function startRacer(): Racer {
  const child = spawn(process.execPath, [racer], { stdio: 'pipe' })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const r: Racer = {
    child,
    async next() {
      const { value, done } = await lines.next()
      if (done) throw new Error(`lock-racer ended: ${stderr}`)
      return value as string
    },
  }
  started.push(r)
  return r
}

/** Rounds of two racers sent one `lock` line together; the outcomes, sorted, of each round. */
async function race(kind: 'dir'): Promise<string[]> {
  const tmp = tempDir('gw-lock-race-')
  const pair = [startRacer(), startRacer()]
  const outcomes: string[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const target = path.join(tmp, `${kind}-${round}`)
    fs.mkdirSync(target)
    const go = path.join(tmp, `go-${round}`)
    for (const r of pair) r.child.stdin.write(`lock ${kind} ${target} ${go}\n`)
    for (const r of pair) expect(await r.next()).toBe('ready')
    fs.writeFileSync(go, '')
    outcomes.push((await Promise.all(pair.map((r) => r.next()))).sort().join(' '))
    for (const r of pair) r.child.stdin.write('release\n')
    for (const r of pair) expect(await r.next()).toBe('released')
  }
  return outcomes
}

it('gives the data directory to exactly one of two engines started together', async () => {
  expect(await race('dir')).toEqual(Array(ROUNDS).fill('held refused'))
}, 40_000)
