import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { createClient } from './client/index.ts'
import './styles.css'

const { client, ws } = createClient()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} ws={ws} />
  </StrictMode>,
)
