// The token login of `gapwatch serve --token`: the token is posted to /api/login, which keeps it in
// an HttpOnly cookie (the browser WebSocket cannot send an Authorization header, and the page's
// scripts never get to read the token back).
import { useState, type FormEvent } from 'react'

/** null when signed in, else what to tell the user (the server's own words where it gave some). */
async function login(token: string): Promise<string | null> {
  let res: Response
  try {
    res = await fetch('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      credentials: 'same-origin',
    })
  } catch {
    return 'The Gapwatch server does not answer.'
  }
  if (res.ok) return null
  if (res.status === 401) return 'Wrong token'
  // 429 (too many failed attempts: "try again in N s"), 403 (Host or Origin refused), …
  const body: unknown = await res.json().catch(() => null)
  const message = typeof body === 'object' && body !== null && 'error' in body ? body.error : null
  return typeof message === 'string' ? message : `The server refused the sign-in (HTTP ${res.status}).`
}

/** 'ok', 'unauthorized', or 'unreachable' (the app then starts and its client keeps retrying). */
export async function checkAccess(): Promise<'ok' | 'unauthorized' | 'unreachable'> {
  try {
    const res = await fetch('/api/health', { cache: 'no-store', credentials: 'same-origin' })
    return res.status === 401 ? 'unauthorized' : 'ok'
  } catch {
    return 'unreachable'
  }
}

export function Login({ onSuccess }: { onSuccess: () => void }) {
  const [token, setToken] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const problem = await login(token.trim())
    setBusy(false)
    if (problem === null) return onSuccess()
    setError(problem)
  }
  return (
    <main className="login">
      <form onSubmit={submit} aria-labelledby="login-h" data-testid="login-form">
        <h1 id="login-h">Gapwatch</h1>
        <p className="muted">This server needs its access token (the one given to <code>gapwatch serve --token</code>).</p>
        <label htmlFor="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? 'login-error' : undefined}
          required
        />
        {error && (
          <p id="login-error" className="error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
