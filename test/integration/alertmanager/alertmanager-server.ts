// A real Alertmanager (Debian's `prometheus-alertmanager`; .ci/run installs it) for integration tests:
// free port, no clustering, temp storage, killed and its directory removed after the test.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { stringify } from 'yaml'
import { tempDir } from '../../helpers/temp.ts'
import { freePort } from '../prometheus/prometheus-server.ts'

/** An alert as GET /api/v2/alerts returns it (the fields the tests read). */
export interface GettableAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: string
  endsAt: string
  updatedAt: string
  status: { state: string }
}

export interface AlertmanagerServer {
  url: string
  alerts(): Promise<GettableAlert[]>
  stop(): Promise<void>
}

export async function startAlertmanager(): Promise<AlertmanagerServer> {
  const dir = tempDir('gw-alertmanager-')
  const config = path.join(dir, 'alertmanager.yml')
  fs.writeFileSync(config, stringify({ route: { receiver: 'null', group_wait: '1s' }, receivers: [{ name: 'null' }] }))
  const port = await freePort()
  const child = spawn(
    'prometheus-alertmanager',
    [`--config.file=${config}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  )
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', (e) => reject(new Error(`prometheus-alertmanager is not runnable (${e.message}): install Debian's prometheus-alertmanager package (.ci/run does)`)))
  })
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    async alerts() {
      const res = await fetch(`${url}/api/v2/alerts`)
      if (!res.ok) throw new Error(`GET /api/v2/alerts: HTTP ${res.status}`)
      return (await res.json()) as GettableAlert[]
    },
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}
