// Engines a test starts on a data directory (no first-run demo scan, no GPU probe), each stopped
// after its test; their directories go with the file's other temp dirs (temp.ts).
import { afterEach } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import { NO_GPU } from './gpu.ts'

/** Call once at a test file's top level; returns `engineIn(dir)`, which makes an engine stopped after the test. */
export function enginesPerTest(): (dir: string) => Engine {
  const engines: Engine[] = []
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop()
  })
  return (dir) => {
    const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    engines.push(e)
    return e
  }
}
