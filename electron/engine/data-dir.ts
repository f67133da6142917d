import os from 'node:os'
import path from 'node:path'

/** The headless default: $XDG_DATA_HOME/gapwatch, else ~/.local/share/gapwatch. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share')
  return path.join(base, 'gapwatch')
}
