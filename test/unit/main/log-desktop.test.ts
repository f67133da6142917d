// The desktop app's log file and its start-up warnings, through the named stub of 'electron'
// (test/stubs/electron.ts: the binary cannot run here). The engine and the preload are real.
import fs from 'node:fs'
import path from 'node:path'
import { EventEmitter } from 'node:events'
import { afterAll, describe, expect, it, vi } from 'vitest'
import * as electron from 'electron'
import { LOG_ROTATION, logDir, logEngine, openAppLog } from '../../../electron/main/log.ts'
import { createRendererOutbox, queueStartupWarnings } from '../../../electron/main/log-queue.ts'
import { bridgeEngine } from '../../../electron/main/ipc.ts'
import { createMainWindow } from '../../../electron/main/window.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import type { GapwatchClient, Notice } from '../../../shared/contract.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import type * as ElectronStub from '../../stubs/electron.ts'

const stub = electron as unknown as typeof ElectronStub

/** Every line of every log file in a data directory, parsed; throws on a line that is not JSON. */
function readLogLines(dataDir: string): Array<Record<string, unknown>> {
  const dir = logDir(dataDir)
  return fs.readdirSync(dir).sort().flatMap((f) =>
    fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
  )
}

class FakeEngine extends EventEmitter {
  startupWarnings = ['Database was damaged; moved to gapwatch.db.corrupt-1']
}

describe('desktop log file', () => {
  it('writes the engine warnings and errors as JSON lines in <userData>/logs, start-up warnings first', async () => {
    const dataDir = tempDir('gw-log-')
    const getPath = vi.spyOn(stub.app, 'getPath').mockReturnValue(dataDir)
    const log = await openAppLog()
    getPath.mockRestore()
    expect(path.dirname(log.file)).toBe(logDir(dataDir))
    const engine = new FakeEngine()
    logEngine(engine, log.logger)
    engine.emit('warning', { source: 'sampler', message: 'GPU query failed' } satisfies Notice)
    engine.emit('error', { source: 'store', message: 'Disk full' } satisfies Notice)
    await log.close()
    const lines = readLogLines(dataDir)
    expect(lines.map((l) => [l.level, l.source, l.msg])).toEqual([
      [40, 'startup', 'Database was damaged; moved to gapwatch.db.corrupt-1'],
      [40, 'sampler', 'GPU query failed'],
      [50, 'store', 'Disk full'],
    ])
    for (const l of lines) expect(Date.parse(String(l.time))).not.toBeNaN()
  })

  it('rolls to a new file past the size limit and keeps only a few, across runs', async () => {
    const dataDir = tempDir('gw-log-')
    const files = () => fs.readdirSync(logDir(dataDir))
    const newest = () => Math.max(0, ...files().map((f) => Number(/\.(\d+)\.log$/.exec(f)?.[1] ?? 0)))
    // Earlier runs' files count against the limit too: three runs, each writing past the size twice.
    for (let run = 0; run < 3; run++) {
      const log = await openAppLog({ dataDir, size: '1k' })
      for (let batch = 0; batch < 2; batch++) {
        const before = newest()
        for (let i = 0; i < 10; i++) log.logger.info({ run, batch, i }, 'x'.repeat(100))
        await expect.poll(newest).toBeGreaterThan(before) // a new file once the writes reached the old one
      }
      log.logger.info({ run, last: true }, 'end of run')
      await log.close()
    }
    expect(newest()).toBeGreaterThan(LOG_ROTATION.keep + 1)
    await expect.poll(() => files().length).toBe(LOG_ROTATION.keep + 1) // the old ones are removed
    const lines = readLogLines(dataDir) // every line left parses
    expect(lines.filter((l) => l.last === true).map((l) => l.run)).toContain(2)
  })
})

describe('start-up warnings in the window', () => {
  let engine: Engine | null = null
  afterAll(async () => {
    await engine?.stop()
  })

  it('queues warnings sent before the window exists and delivers them once its page has loaded', async () => {
    const dataDir = tempDir('gw-log-')
    fs.writeFileSync(path.join(dataDir, 'gapwatch.db'), 'garbage '.repeat(1000)) // quarantined at open
    engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    expect(engine.startupWarnings.join('\n')).toMatch(/damaged.*moved to/)

    let win: InstanceType<typeof stub.BrowserWindow> | null = null
    const outbox = createRendererOutbox()
    bridgeEngine(engine, () => (win?.webContents ?? null) as electron.WebContents | null, { appUrl: 'file:///app/index.html', outbox })
    await import('../../../electron/preload/index.ts')
    const client = stub.exposed.gapwatch as GapwatchClient
    const received: Notice[] = []
    client.on('warning', (n) => received.push(n))

    queueStartupWarnings(outbox, engine) // as electron/main/index.ts does after building the engine
    engine.emit('warning', { source: 'alerts', message: 'rules.yaml line 3: unknown metric' }) // while no window exists
    outbox.send(null, 'sample', {}) // live data is not queued
    expect(outbox.pending).toBe(2)

    win = createMainWindow('/app/out') as unknown as InstanceType<typeof stub.BrowserWindow>
    outbox.attach(win.webContents as unknown as electron.WebContents)
    engine.emit('warning', { source: 'sampler', message: 'while the page loads' })
    expect(received).toEqual([]) // the page has not loaded: nothing is lost in a send to nobody

    win.webContents.emit('did-finish-load') // what Electron emits once the renderer has loaded
    expect(received.map((n) => n.source)).toEqual(['startup', 'alerts', 'sampler'])
    expect(received[0].message).toMatch(/damaged.*moved to/)
    expect(outbox.pending).toBe(0)

    engine.emit('warning', { source: 'sampler', message: 'after load' })
    expect(received.at(-1)).toEqual({ source: 'sampler', message: 'after load' }) // delivered at once now
  })

  it('keeps a bounded queue, dropping the oldest', () => {
    const outbox = createRendererOutbox({ max: 3 })
    for (let i = 0; i < 5; i++) outbox.send(null, 'warning', { source: 's', message: String(i) })
    const wc = new stub.WebContents()
    outbox.attach(wc as unknown as electron.WebContents)
    wc.emit('did-finish-load')
    expect(wc.sent.map((s) => (s.args[0] as { data: Notice }).data.message)).toEqual(['2', '3', '4'])
  })
})
