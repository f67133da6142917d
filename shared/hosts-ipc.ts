// The desktop app's hosts over IPC (preload ⇄ electron/main/hosts-ipc.ts): what the renderer may ask
// of main's saved hosts, validated on arrival in main. Tokens travel only renderer → main (in a
// save); every reply carries the public view ({name, url, tokenSet}), never a token.
import { z } from 'zod'
import type { CommandName, GapwatchClient } from './contract.ts'
import type { IpcReply } from './ipc.ts'
import { HostNameSchema, HostSaveSchema, PublicHostsSchema, type HostSave, type PublicHost } from './hosts.ts'
import { MAX_COMMAND_NAME_CHARS } from './limits.ts'

/** Requests about the saved hosts, and connecting the window to one of them. */
export const IPC_HOSTS = 'gapwatch:hosts'
/** A contract command for the connected host, relayed by main. */
export const IPC_REMOTE_CALL = 'gapwatch:remote-call'
/** Main → renderer: the connected host's events, and its connection closing. */
export const IPC_REMOTE_EVENT = 'gapwatch:remote-event'

export const HostsRequestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('list') }).strict(),
  z.object({ op: z.literal('save'), host: HostSaveSchema }).strict(),
  z.object({ op: z.literal('remove'), name: HostNameSchema }).strict(),
  /** Tries the host's connection with its saved token: the reply's result is null, or why not in words. */
  z.object({ op: z.literal('check'), name: HostNameSchema }).strict(),
  /** Connects the window to the host (closing any other): IPC_REMOTE_CALL then goes there. */
  z.object({ op: z.literal('connect'), name: HostNameSchema }).strict(),
  z.object({ op: z.literal('disconnect') }).strict(),
])
export type HostsRequest = z.infer<typeof HostsRequestSchema>

export const RemoteCallSchema = z.object({ command: z.string().max(MAX_COMMAND_NAME_CHARS), params: z.unknown().optional() }).strict()
export type RemoteCall = z.infer<typeof RemoteCallSchema>

/** Main → renderer about the connected host: one of its events, or the connection closed (with why). */
export const RemoteEventSchema = z.union([
  z.object({ host: HostNameSchema, event: z.string(), data: z.unknown() }).strict(),
  z.object({ host: HostNameSchema, closed: z.string() }).strict(),
])
export type RemoteEvent = z.infer<typeof RemoteEventSchema>

/** The results of list, save and remove. */
export const HostsListResultSchema = PublicHostsSchema.shape.hosts
export const HostCheckResultSchema = z.string().nullable()

/**
 * What the desktop preload exposes as `window.gapwatchHosts`: the hosts saved in main, and a client
 * for the one the window is connected to (`call`/`on` reach that host; `onClosed` when it drops).
 */
export interface DesktopHostsApi {
  list(): Promise<PublicHost[]>
  save(host: HostSave): Promise<PublicHost[]>
  remove(name: string): Promise<PublicHost[]>
  /** Null when the host answers with its saved token, else why not, in words naming it. */
  check(name: string): Promise<string | null>
  connect(name: string): Promise<void>
  disconnect(): Promise<void>
  call: GapwatchClient['call']
  /**
   * A call's reply as main sent it, unparsed: a busy one keeps its code and hint, which an Error
   * thrown through the context bridge would lose (it copies the message only); desktop-hosts.ts
   * turns it into the result or a BusyError.
   */
  callReply(name: CommandName, params?: unknown): Promise<IpcReply>
  on: GapwatchClient['on']
  onClosed(listener: (reason: string) => void): () => void
}
