// Boot: in a browser, check access first (a server started with --token answers 401 until the
// login page set the token cookie); then build the client, the stores outside React, and render.
import { StrictMode } from 'react'
import { QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { HostMenuRoot } from './components/HostMenuRoot.tsx'
import { createClient } from './client/index.ts'
import { setupCharts } from './charts/setup.ts'
import { LiveStore } from './store/live.ts'
import { PoolStore } from './store/pool.ts'
import { Login, checkAccess } from './views/Login.tsx'
import { queryClient } from './client/queries.ts'
import { installTestHooks } from './test-hooks.ts'
import './styles.css'

const root = createRoot(document.getElementById('root')!)

function start(): void {
  setupCharts()
  const client = createClient()
  const store = new LiveStore(client)
  const pool = new PoolStore(client)
  installTestHooks(store)
  void store.start()
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <HostMenuRoot client={client} store={store} pool={pool} />
      </QueryClientProvider>
    </StrictMode>,
  )
}

async function boot(): Promise<void> {
  if (!window.gapwatch && (await checkAccess()) === 'unauthorized') {
    root.render(
      <StrictMode>
        <Login onSuccess={start} />
      </StrictMode>,
    )
    return
  }
  start()
}

void boot()
