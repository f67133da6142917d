// The end of a test that started a server: what the test registered to clean up (its clients,
// sockets, holes), then the server. Used as `afterEach(async () => (server = await closeAfterTest(cleanups, server)))`.
import type { RunningServer } from '../../electron/server/server.ts'

export async function closeAfterTest(cleanups: Array<() => void>, server: RunningServer | null): Promise<null> {
  for (const c of cleanups.splice(0)) c()
  await server?.close()
  return null
}
