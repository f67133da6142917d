// Static serving: a symlink out of the dashboard folder is not followed (404), a malformed %
// escape is 400 (not 500), and the app's own paths still fall back to index.html.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../electron/engine/engine.ts'
import { startServer, type RunningServer } from '../../electron/server/server.ts'
import { portOf, rawRequest, statusOf } from '../helpers/raw-http.ts'
import { tempDir } from '../helpers/temp.ts'

/** Static files need no engine: a stub with no events and no commands. */
const engine = { on: () => () => {}, call: () => Promise.reject(new Error('no engine')), dataDir: os.tmpdir() } as unknown as Engine

describe('static serving stays inside the dashboard folder', () => {
  let dir: string
  let server: RunningServer
  beforeAll(async () => {
    dir = tempDir('gw-static-')
    const root = path.join(dir, 'renderer')
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true })
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>dash</title>')
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)')
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'SECRET')
    fs.mkdirSync(path.join(dir, 'outside'))
    fs.writeFileSync(path.join(dir, 'outside', 'key.pem'), 'PRIVATE')
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'leak.txt'))
    fs.symlinkSync(path.join(dir, 'outside'), path.join(root, 'assets', 'out'))
    fs.symlinkSync(path.join(root, 'assets', 'app.js'), path.join(root, 'alias.js'))
    server = await startServer({ engine, host: '127.0.0.1', port: 0, staticDir: root })
  })
  afterAll(async () => {
    await server.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('answers 404 to symlinks that lead out of the folder', async () => {
    for (const p of ['/leak.txt', '/assets/out/key.pem']) {
      const res = await fetch(`${server.url}${p}`)
      expect(res.status).toBe(404)
      expect(await res.text()).not.toMatch(/SECRET|PRIVATE/)
    }
  })

  it('serves files and symlinks inside the folder, and index.html for app paths', async () => {
    expect(await (await fetch(`${server.url}/assets/app.js`)).text()).toBe('console.log(1)')
    expect(await (await fetch(`${server.url}/alias.js`)).text()).toBe('console.log(1)')
    const page = await fetch(`${server.url}/symbols`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>dash</title>')
  })

  it('answers 400 to a malformed % escape and to an encoded NUL', async () => {
    for (const p of ['/%', '/assets/%zz.js', '/%E0%A4%A']) {
      const res = await fetch(`${server.url}${p}`)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: string }).error).toMatch(/%-encoded/)
    }
    expect((await fetch(`${server.url}/a%00b`)).status).toBe(400)
  })

  it('does not climb out with encoded dot segments', async () => {
    const res = await rawRequest(portOf(server.url), `GET /..%2f..%2fsecret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
    expect([200, 404]).toContain(statusOf(res))
    expect(res).not.toContain('SECRET')
  })
})
