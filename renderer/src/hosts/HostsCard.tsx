// Settings → Other engines: the same hosts manager as the Engine menu's "Add host…". The hosts
// belong to this dashboard (the engine that served it, or the desktop app), not to the engine shown.
import { HostsManager } from './HostsManager.tsx'

export function HostsCard() {
  return (
    <section className="card hosts-card" aria-labelledby="hosts-card-h" data-testid="hosts-card">
      <header>
        <h2 id="hosts-card-h">Other engines</h2>
        <span className="sub">switch with the Engine menu at the top; saved on this machine, tokens never shown again</span>
      </header>
      <HostsManager />
    </section>
  )
}
