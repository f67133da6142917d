// `gapwatch serve` at rest keeps every module it loaded for its life (issue 15: under 100 MB alone),
// so it loads none it does not use: no TLS without --tls-cert (serve.ts, server.ts, and ws's client
// code through cli/serve-hooks.ts), none of the modules node:fs, node:util and node:crypto load
// through their getters (engine/builtins.ts), systeminformation's lib files one at a time
// (engine/sampler/si.ts), only English of zod's 64 locales, and, at a restart whose rules.yaml is
// unchanged, no yaml package (engine/alerts/rules-repo.ts). Nor does it call Intl: the first call
// touches ~6 MiB of ICU data and code in the node binary, kept resident for the process's life. Checked in the real serve
// process (the test runner has its own modules); TLS serving itself is tested in
// test/security/server-auth.test.ts, ws dialling wss:// in test/integration/hosts/hosts-relay.test.ts.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { callServe, startServe, tempDir } from '../../helpers/serve.ts'

const probe = fileURLToPath(new URL('../../fixtures/serve-module-probe.mjs', import.meta.url))

async function loadedModules(served: { child: { kill(s: NodeJS.Signals): boolean } }, out: string): Promise<{ builtins: string[]; resolved: string[]; intl: string[] }> {
  served.child.kill('SIGUSR2')
  await expect.poll(() => fs.existsSync(out), { timeout: 10_000, interval: 50 }).toBe(true)
  return JSON.parse(fs.readFileSync(out, 'utf8')) as { builtins: string[]; resolved: string[]; intl: string[] }
}

describe('gapwatch serve loads only what it uses', () => {
  it('without --tls-cert: no node:tls or node:https, and zod with its English locale only', async () => {
    const dir = tempDir('gw-serve-modules-')
    const out = path.join(dir, 'modules.json')
    const env = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probe}`.trim(), GAPWATCH_MODULE_PROBE_OUT: out }
    const served = await startServe(['--interval', '1s'], path.join(dir, 'data'), env)
    try {
      // Exercise the contract both ways: a valid command, and a bad one answered by zod's messages.
      expect(await callServe(served.url, 'health', {})).toHaveProperty('sampling')
      await expect(callServe(served.url, 'query', { metrics: 'cpu.total' })).rejects.toThrow(/expected array, received string/)
      const { builtins, resolved, intl } = await loadedModules(served, out)
      expect(intl).toEqual([]) // no ICU at rest (shared/scanner.ts groups its one number by hand)
      expect(builtins).toContain('NativeModule http') // the probe sees built-ins
      expect(builtins).toContain('NativeModule crypto')
      expect(builtins.filter((m) => /^NativeModule (tls|https|internal\/tls\/)/.test(m))).toEqual([])
      // What ESM imports of node:fs, node:util and node:crypto load through their getters (engine/builtins.ts).
      const viaGetters = /^NativeModule (internal\/fs\/promises|internal\/readline\/interface|internal\/repl\/history|worker_threads|internal\/crypto\/webcrypto)$/
      expect(builtins.filter((m) => viaGetters.test(m))).toEqual([])
      // systeminformation one lib file at a time (engine/sampler/si.ts): never its index, which loads all 20.
      const si = resolved.filter((u) => u.includes('/node_modules/systeminformation/lib/'))
      expect(si.length).toBeGreaterThan(0) // the start-up inventory used it
      expect(si.filter((u) => /\/(index|bluetooth|docker|wifi|printer|virtualbox|usb|audio)\.js$/.test(u))).toEqual([])
      const locales = new Set(resolved.filter((u) => u.includes('/zod/v4/locales/')).map((u) => u.replace(/.*\/zod\/v4\/locales\//, '')))
      expect([...locales]).toEqual(['en.js'])
    } finally {
      await served.stop()
    }
  }, 60_000)

  it('a restart on an unchanged rules.yaml loads no YAML parser; a hand-edited one is still read', async () => {
    const dir = tempDir('gw-serve-modules-')
    const data = path.join(dir, 'data')
    const out = path.join(dir, 'modules.json')
    const env = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probe}`.trim(), GAPWATCH_MODULE_PROBE_OUT: out }
    const yaml = (resolved: string[]) => resolved.filter((u) => u.includes('/node_modules/yaml/'))
    const first = await startServe(['--interval', '1s'], data, env)
    try {
      expect(yaml((await loadedModules(first, out)).resolved).length).toBeGreaterThan(0) // the first run writes the defaults as YAML
    } finally {
      await first.stop()
    }
    fs.rmSync(out)
    const again = await startServe(['--interval', '1s'], data, env)
    try {
      expect(yaml((await loadedModules(again, out)).resolved)).toEqual([])
      expect(((await callServe(again.url, 'rulesList', {})) as Array<{ name: string }>).map((r) => r.name)).toContain('cpu-high')
    } finally {
      await again.stop()
    }
    fs.rmSync(out)
    fs.appendFileSync(path.join(data, 'rules.yaml'), '  - name: handmade-rule\n    metric: mem.used_pct\n    threshold: 95\n')
    const edited = await startServe(['--interval', '1s'], data, env)
    try {
      expect(((await callServe(edited.url, 'rulesList', {})) as Array<{ name: string }>).map((r) => r.name)).toContain('handmade-rule')
      expect(yaml((await loadedModules(edited, out)).resolved).length).toBeGreaterThan(0)
    } finally {
      await edited.stop()
    }
  }, 90_000)
})
