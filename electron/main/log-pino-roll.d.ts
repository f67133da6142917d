// pino-roll 4 ships no types: the part of its API electron/main/log.ts uses (README "build(options)").
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino'
  interface RollOptions {
    file: string
    size?: number | string
    frequency?: number | 'daily' | 'hourly'
    mkdir?: boolean
    dateFormat?: string
    limit?: { count?: number; removeOtherLogFiles?: boolean }
  }
  type RollStream = DestinationStream & {
    end(cb?: () => void): void
    once(event: 'close', cb: () => void): void
    on(event: 'error', cb: (err: Error) => void): void
  }
  export default function build(options: RollOptions): Promise<RollStream>
}
