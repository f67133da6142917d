// Switches the whole dashboard (every view, its stores and query cache) between this machine's
// engine and a saved host relayed by it. The desktop app has no hosts menu yet (see hosts.md).
import { useCallback, useEffect, useRef, useState } from 'react'
import { App } from '../App.tsx'
import { isDesktop, type DashboardClient } from '../client/index.ts'
import { remoteClient, type RemoteClient } from '../client/hosts.ts'
import { queryClient } from '../client/queries.ts'
import { LiveStore } from '../store/live.ts'
import { PoolStore } from '../store/pool.ts'
import { HostMenu } from './HostMenu.tsx'

interface Engine {
  name: string | null
  client: DashboardClient
  store: LiveStore
  pool: PoolStore
}

export function HostMenuRoot({ client, store, pool }: { client: DashboardClient; store: LiveStore; pool: PoolStore }) {
  const [engine, setEngine] = useState<Engine>({ name: null, client, store, pool })
  const remote = useRef<RemoteClient | null>(null)

  const onSwitch = useCallback(
    (name: string | null) => {
      remote.current?.close()
      remote.current = null
      // The cache is keyed by command, not by engine: nothing of the last engine may show.
      queryClient.clear()
      if (name === null) return setEngine({ name: null, client, store, pool })
      const c = remoteClient(name)
      remote.current = c
      const s = new LiveStore(c)
      void s.start()
      setEngine({ name, client: c, store: s, pool: new PoolStore(c) })
    },
    [client, store, pool],
  )
  useEffect(() => () => remote.current?.close(), [])

  const menu = isDesktop(client) ? undefined : <HostMenu current={engine.name} onSwitch={onSwitch} />
  return <App key={engine.name ?? ''} client={engine.client} store={engine.store} pool={engine.pool} hostMenu={menu} />
}
