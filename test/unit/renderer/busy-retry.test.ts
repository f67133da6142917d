// A busy reply ("the server is busy sending earlier replies to this address; try again") carries a
// code and a retry-after hint (shared/busy.ts). The dashboard's WebSocket client turns it into a
// BusyError, and its queries retry that with a backoff from the hint, while a real error fails
// after one quick retry, as before. End to end: a real server (with a stub engine: the engine is
// not under test) and the dashboard's own WsClient over Node's WebSocket.
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../electron/engine/engine.ts'
import { startServer, type RunningServer } from '../../../electron/server/server.ts'
import { RETRY } from '../../../renderer/src/client/retry.ts'
import { WsClient } from '../../../renderer/src/client/ws-client.ts'
import { BUSY_MAX_DELAY_MS, BUSY_RETRIES, BUSY_RETRY_AFTER_MS, BusyError, busyDelayMs, isBusy } from '../../../shared/busy.ts'
import { MAX_WS_QUEUED_BYTES_PER_ADDRESS } from '../../../shared/limits.ts'
import { frame, portOf, rawWebSocket } from '../../helpers/raw-http.ts'
import { closeAfterTest } from '../../helpers/close-after-test.ts'
import { tempDir } from '../../helpers/temp.ts'

/**
 * The dashboard's query library, typed by what this test uses: its own types pull in @types/react,
 * whose empty global DOM interfaces would break Playwright's element types in this DOM-less project.
 */
interface QueryClient {
  fetchQuery<T>(o: { queryKey: unknown[]; queryFn: () => Promise<T> }): Promise<T>
  getQueryCache(): { find(o: { queryKey: unknown[] }): { state: { fetchFailureCount: number; fetchFailureReason: unknown } } | undefined }
  clear(): void
}
const REACT_QUERY: string = '@tanstack/react-query'
const { QueryClient } = (await import(REACT_QUERY)) as { QueryClient: new (o: { defaultOptions: { queries: typeof RETRY } }) => QueryClient }

let server: RunningServer | null = null
const cleanups: Array<() => void> = []
afterEach(async () => (server = await closeAfterTest(cleanups, server)))

/**
 * `query` answers more than an address may have queued (one reply past the bound still goes when
 * nothing else is queued): while it is unread, the address is busy. `metricNames` answers a list,
 * or throws while `failing`.
 */
function stubEngine(): { engine: Engine; names: () => number; fail: (on: boolean) => void } {
  let names = 0
  let failing = false
  const big = 'x'.repeat(MAX_WS_QUEUED_BYTES_PER_ADDRESS + 1024)
  const engine = {
    on: () => () => {},
    call: async (command: string) => {
      if (command !== 'metricNames') return big
      names++
      if (failing) throw new Error('The database is locked.')
      return ['cpu.total']
    },
    dataDir: tempDir('gw-busy-retry-'),
  } as unknown as Engine
  return { engine, names: () => names, fail: (on) => (failing = on) }
}

async function dashboard(s: RunningServer): Promise<{ client: WsClient; queries: QueryClient }> {
  const client = new WsClient(`${s.url.replace('http', 'ws')}/api/stream`)
  const queries = new QueryClient({ defaultOptions: { queries: { ...RETRY } } })
  cleanups.push(() => {
    client.close()
    queries.clear()
  })
  await expect.poll(() => client.state, { timeout: 10_000 }).toBe('open')
  return { client, queries }
}

describe('a busy reply', () => {
  it('reaches the dashboard as a BusyError with the hint, and its query is retried after it and answered', async () => {
    const stub = stubEngine()
    server = await startServer({ engine: stub.engine, host: '127.0.0.1', port: 0, log: () => {}, quietLog: { everyMs: 0 } })
    // Another tab of this address on a slow link: its reply is still being written.
    const slow = await rawWebSocket(portOf(server.url))
    cleanups.push(() => slow.socket.destroy())
    slow.socket.pause()
    slow.socket.write(frame(0x1, Buffer.from(JSON.stringify({ id: 1, command: 'query', params: {} }))))
    await expect.poll(() => server!.wsStats().queuedBytes, { timeout: 10_000 }).toBeGreaterThan(MAX_WS_QUEUED_BYTES_PER_ADDRESS)

    const { client, queries } = await dashboard(server)
    const err = await client.call('metricNames').catch((e: unknown) => e)
    expect(isBusy(err)).toBe(true)
    expect(err).toMatchObject({ code: 'busy', retryAfterMs: BUSY_RETRY_AFTER_MS, message: expect.stringMatching(/try again/) })

    const started = Date.now()
    const answer = queries.fetchQuery({ queryKey: ['metricNames'], queryFn: () => client.call('metricNames') })
    const state = () => queries.getQueryCache().find({ queryKey: ['metricNames'] })?.state
    await expect.poll(() => state()?.fetchFailureCount, { timeout: 10_000 }).toBe(1)
    expect(isBusy(state()?.fetchFailureReason)).toBe(true)
    // The other tab has its reply (read now); the retry, after the hint, is answered.
    slow.socket.resume()
    expect(await answer).toEqual(['cpu.total'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(BUSY_RETRY_AFTER_MS)
  }, 30_000)

  it('a real error fails after one quick retry, not the busy backoff', async () => {
    const stub = stubEngine()
    server = await startServer({ engine: stub.engine, host: '127.0.0.1', port: 0, log: () => {}, quietLog: { everyMs: 0 } })
    const { client, queries } = await dashboard(server)
    stub.fail(true)
    const err = await queries.fetchQuery({ queryKey: ['metricNames'], queryFn: () => client.call('metricNames') }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect(isBusy(err)).toBe(false)
    expect((err as Error).message).toBe('The database is locked.')
    expect(stub.names()).toBe(2)
  }, 30_000)
})

describe('the retry policy', () => {
  it('retries busy calls up to BUSY_RETRIES times, doubling the hint up to a cap; other errors once after 500 ms', () => {
    const busy = new BusyError('busy', 1000)
    const plain = new Error('no such symbol')
    expect(Array.from({ length: BUSY_RETRIES + 1 }, (_, n) => RETRY.retry(n, busy))).toEqual([...Array<boolean>(BUSY_RETRIES).fill(true), false])
    expect(Array.from({ length: BUSY_RETRIES }, (_, n) => RETRY.retryDelay(n, busy))).toEqual([1000, 2000, 4000, 8000, 16000, 30000])
    expect([RETRY.retry(0, plain), RETRY.retry(1, plain), RETRY.retryDelay(0, plain)]).toEqual([true, false, 500])
    expect(busyDelayMs(0, 250)).toBe(250)
  })

  it('bounds the hint of an untrusted server (a remote host through the relay)', () => {
    expect(new BusyError('busy', 1e12).retryAfterMs).toBe(BUSY_MAX_DELAY_MS)
    expect(new BusyError('busy', -5).retryAfterMs).toBe(0)
    expect(new BusyError('busy', Number.NaN).retryAfterMs).toBe(BUSY_RETRY_AFTER_MS)
    expect(new BusyError('busy', undefined).retryAfterMs).toBe(BUSY_RETRY_AFTER_MS)
    // A zero hint still waits a little: a retry loop with no pause would only add to the load.
    expect(busyDelayMs(0, 0)).toBe(100)
  })
})
