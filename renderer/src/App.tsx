// The dashboard shell: tabs (buttons with tab roles, arrow keys move between them), the reconnect
// banner, engine notices, the current view and the telemetry status bar. The view lives in the URL
// hash so a reload keeps it.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { DashboardClient } from './client/index.ts'
import { useEngineInvalidation } from './client/queries.ts'
import type { LiveStore } from './store/live.ts'
import type { PoolStore } from './store/pool.ts'
import { useSignal } from './store/signal.ts'
import { Overview } from './views/Overview.tsx'
import { History } from './views/History.tsx'
import { Scanner } from './views/Scanner.tsx'
import { Symbols } from './views/Symbols.tsx'
import { Settings } from './views/Settings.tsx'
import { Alerts } from './views/Alerts.tsx'
import { AlertBadge } from './views/alerts/AlertBadge.tsx'
import { useAlertSummary } from './views/alerts/data.ts'
import { useBrowserNotifications } from './views/alerts/browser-notify.ts'
import { Cost } from './views/cost/Cost.tsx'
import { Reports } from './views/reports/Reports.tsx'
import { StatusBar } from './components/StatusBar.tsx'
import { ReconnectBanner } from './components/ReconnectBanner.tsx'
import { REPORT_EXPORT_HASH } from '../../shared/report-export.ts'
import { Notices } from './components/Notices.tsx'
import { ViewBoundary } from './components/ViewBoundary.tsx'

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'history', label: 'History' },
  { id: 'scanner', label: 'Scanner' },
  { id: 'symbols', label: 'Symbols' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'cost', label: 'Cost' },
  { id: 'reports', label: 'Reports' },
  { id: 'settings', label: 'Settings' },
] as const
type TabId = (typeof TABS)[number]['id']
const labelOf = (id: TabId) => TABS.find((t) => t.id === id)!.label

function tabFromHash(): TabId {
  // `#symbols?symbol=EURUSD`: the tab is the part before `?` (views read the rest).
  const id = location.hash.replace(/^#\/?/, '').split('?')[0]
  return TABS.find((t) => t.id === id)?.id ?? 'overview'
}

export function App({ client, store, pool, hostMenu }: { client: DashboardClient; store: LiveStore; pool: PoolStore; hostMenu?: ReactNode }) {
  const [tab, setTab] = useState<TabId>(tabFromHash)
  const buttons = useRef(new Map<TabId, HTMLButtonElement>())
  const inventory = useSignal(store.inventory)
  useEngineInvalidation(client, pool)
  const alerts = useAlertSummary(client)
  useBrowserNotifications(client)

  useEffect(() => {
    const onHash = () => setTab(tabFromHash())
    window.addEventListener('hashchange', onHash)
    // A hash set between the first render and now (the tray's "Export report…" on a window still
    // loading) fired no event we heard: read it once.
    onHash()
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  useEffect(() => {
    const firing = alerts.count > 0 ? `(${alerts.count}) ` : ''
    document.title = `${firing}Gapwatch · ${labelOf(tab)}${inventory ? ` · ${inventory.hostname}` : ''}`
  }, [tab, inventory, alerts.count])

  const select = (id: TabId, focus = false) => {
    setTab(id)
    if (location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`)
    if (focus) buttons.current.get(id)?.focus()
  }
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab)
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null
    if (next === null) return
    e.preventDefault()
    select(TABS[(next + TABS.length) % TABS.length].id, true)
  }

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">
          <span className="logo" aria-hidden="true">
            ▚
          </span>{' '}
          Gapwatch
        </h1>
        <nav role="tablist" aria-label="Views" onKeyDown={onKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => void (el ? buttons.current.set(t.id, el) : buttons.current.delete(t.id))}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls="view"
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => select(t.id)}
            >
              {t.label}
              {t.id === 'alerts' && <AlertBadge summary={alerts} />}
            </button>
          ))}
        </nav>
        {hostMenu}
        <a className="link" href={REPORT_EXPORT_HASH} data-testid="header-export">
          Export report…
        </a>
        {inventory && <span className="host muted">{inventory.hostname}</span>}
      </header>
      <ReconnectBanner store={store} />
      <Notices store={store} />
      <main id="view" role="tabpanel" aria-labelledby={`tab-${tab}`} data-view={tab}>
        {/* Keyed by the tab: a view that failed is tried again when it is opened again. */}
        <ViewBoundary key={tab} name={labelOf(tab)}>
          {tab === 'overview' && <Overview store={store} />}
          {tab === 'history' && <History client={client} store={store} />}
          {tab === 'scanner' && <Scanner client={client} pool={pool} />}
          {tab === 'symbols' && <Symbols client={client} />}
          {tab === 'cost' && <Cost client={client} store={store} />}
          {tab === 'reports' && <Reports client={client} />}
          {tab === 'settings' && <Settings client={client} store={store} />}
          {tab === 'alerts' && <Alerts client={client} />}
        </ViewBoundary>
      </main>
      <StatusBar store={store} />
    </div>
  )
}
