// One view's fault stays in that view: a render error shows a message naming the view, and the tabs,
// the banner and the status bar go on working. Without it one silence stored until 1e300 ("Invalid
// time value" while formatting it) blanked the whole dashboard, tabs included, on every load.
import { Component, type ReactNode } from 'react'

interface Props {
  /** The view's name as its tab shows it. */
  name: string
  children: ReactNode
}

export class ViewBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: unknown): void {
    console.error(`gapwatch: the ${this.props.name} view failed:`, error)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <section className="card view-error" role="alert" data-testid="view-error">
        <h2 className="error">The {this.props.name} view failed</h2>
        <p className="mono">{error.message.slice(0, 500)}</p>
        <p className="muted">The other views still work. Open this one again (another tab, then back) or reload the page to retry.</p>
      </section>
    )
  }
}
