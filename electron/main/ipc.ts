// Bridges the engine to the renderer: commands arrive on IPC_CALL (validated by the engine), and
// every contract event is pushed to the window with webContents.send.
import { ipcMain, type WebContents } from 'electron'
import { events, type EventName } from '../../shared/contract.ts'
import { IPC_CALL, IPC_EVENT } from '../../shared/ipc.ts'
import type { Engine } from '../engine/engine.ts'

export function bridgeEngine(engine: Engine, target: () => WebContents | null): () => void {
  ipcMain.handle(IPC_CALL, async (_event, message: { command?: unknown; params?: unknown }) => {
    try {
      return { ok: true, result: await engine.call(String(message?.command), message?.params) }
    } catch (err) {
      return { ok: false, error: (err as Error).message }
    }
  })
  const offs = (Object.keys(events) as EventName[]).map((name) =>
    engine.on(name, (data: unknown) => {
      const wc = target()
      if (wc && !wc.isDestroyed()) wc.send(IPC_EVENT, { event: name, data })
    }),
  )
  return () => {
    ipcMain.removeHandler(IPC_CALL)
    offs.forEach((off) => off())
  }
}
