// The fallback sampler (macOS, Windows) gets each process's arguments from systeminformation as one
// space-joined string. On Linux systeminformation reads them the same way (ps), so the real collector
// runs here: a child started with a header, a seed phrase and a JSON secret must come out masked.
import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { createSiCollectors, maskedArgv } from '../../../electron/engine/sampler/fallback.ts'

describe('fallback sampler masks a command line given as one string', () => {
  let child: ReturnType<typeof spawn> | undefined
  afterEach(() => {
    child?.kill()
    child = undefined
  })

  it.skipIf(process.platform === 'win32')('masks a header value, every seed word and a JSON password', async () => {
    const args = ['-e', 'setInterval(() => {}, 1000)', '--', '-H', 'X-Api-Key: abcdefQ', '--mnemonic', 'w1q w2q w3q', '{"password": "hunter 2"}']
    child = spawn(process.execPath, args, { stdio: 'ignore' })
    const pid = child.pid
    const collectors = createSiCollectors({ topN: 1_000_000 })
    let row: { command: string } | undefined
    // Wait until ps lists the child with its arguments (it has just been spawned), on a deadline.
    await expect
      .poll(
        async () => {
          row = (await collectors.processes()).topMemory.find((r) => r.pid === pid)
          return row?.command ?? ''
        },
        { timeout: 30_000, interval: 100 },
      )
      .toContain('--mnemonic')
    expect(row?.command).not.toMatch(/abcdefQ|w\dq|hunter/)
    expect(row?.command).toContain('X-Api-Key: ••••')
  }, 60_000)
})

// Windows gives the whole CommandLine as `command` with empty `params` (systeminformation's
// processes.js); it was masked as one argument, so `--token abc` in it was shown.
describe('maskedArgv: systeminformation process rows per platform', () => {
  const cases: Array<[string, string, boolean, string[]]> = [
    ['"C:\\Program Files\\Bot\\bot.exe" --token abc1 --venue x', '', true, ['C:\\Program Files\\Bot\\bot.exe', '--token', '••••', '--venue', 'x']],
    ['C:\\bot\\bot.exe -H "X-Api-Key: abc1"', '', true, ['C:\\bot\\bot.exe', '-H', 'X-Api-Key: ••••']],
    ['Google Chrome', '--type=renderer --auth-token=abc1', false, ['Google Chrome', '--type=renderer', '--auth-token=••••']],
    ['Google Chrome', '', false, ['Google Chrome']],
  ]
  it.each(cases)('%s | %s', (command, params, windows, want) => {
    expect(maskedArgv(command, params, windows)).toEqual(want)
  })
})
