// Switches the whole dashboard (every view, its stores and query cache) between this machine's
// engine and a saved host: relayed by the engine that served the page in a browser, or dialled by
// Electron's main process in the desktop app (hosts/hosts-api.ts).
import { useCallback, useEffect, useRef, useState } from 'react'
import { App } from '../App.tsx'
import type { DashboardClient } from '../client/index.ts'
import type { RemoteClient } from '../client/hosts.ts'
import { hostsApi } from '../hosts/hosts-api.ts'
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
    async (name: string | null) => {
      let c: RemoteClient | null = null
      try {
        c = name === null ? null : await hostsApi.connect(name)
      } finally {
        remote.current?.close()
        remote.current = c
        // The cache is keyed by command, not by engine: nothing of the last engine may show.
        queryClient.clear()
        if (c === null) setEngine({ name: null, client, store, pool })
      }
      if (name === null || c === null) return
      const s = new LiveStore(c)
      void s.start()
      setEngine({ name, client: c, store: s, pool: new PoolStore(c) })
    },
    [client, store, pool],
  )
  useEffect(() => () => remote.current?.close(), [])

  const menu = <HostMenu current={engine.name} onSwitch={onSwitch} />
  return <App key={engine.name ?? ''} client={engine.client} store={engine.store} pool={engine.pool} hostMenu={menu} />
}
