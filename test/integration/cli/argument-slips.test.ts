// Small argument slips get a usage error (exit 2) naming them, before anything starts.
import { describe, expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'

describe('the gapwatch command', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('says "%s" is an unknown command (it read Object\'s own)', async (name) => {
    const r = await runToEnd([name])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`Unknown command "${name}"`)
  })

  it.each([
    [['serve', '--port', '0x50'], '--port: "0x50" is not a whole number from 0 to 65535.'],
    [['serve', '--port', '0', '--allowed-host', 'a b'], '--allowed-host: "a b" is not a host name'],
    [['serve', '--port', '0', '--host', '999.1.1.1'], '--host 999.1.1.1: not an address'],
    [['cost', '--days', '0x10'], '--days: "0x10" is not a whole number.'],
  ])('refuses %j', async (args, message) => {
    const r = await runToEnd([...args, '--data-dir', tempDir('gw-slips-')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
  })
})
