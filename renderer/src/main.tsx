// Boot: in a browser, check access first (a server started with --token answers 401 until the
// login page set the token cookie); then build the client, the stores outside React, and render.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { createClient } from './client/index.ts'
import { setupCharts } from './charts/setup.ts'
import { LiveStore } from './store/live.ts'
import { PoolStore } from './store/pool.ts'
import { Login, checkAccess } from './views/Login.tsx'
import './styles.css'

const root = createRoot(document.getElementById('root')!)

function start(): void {
  setupCharts()
  const { client, ws } = createClient()
  const store = new LiveStore(client, ws)
  const pool = new PoolStore(client)
  void store.start()
  void pool.refresh()
  ws?.onState((state) => state === 'open' && void pool.refresh())
  root.render(
    <StrictMode>
      <App client={client} store={store} pool={pool} />
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
