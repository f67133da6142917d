// CSV import: drop files on the zone or pick them. In the desktop app a file goes by its path
// (window.gapwatchFiles, the preload: its content never crosses IPC); in a browser its text is
// uploaded (`importCsv`, an HTTP upload). One mutation per file, one after another; an error is shown
// exactly as the engine words it (it names the file, line and column). The outcomes are the
// mutations' own states (TanStack Query). A time zone field reads wall-clock times (a MetaTrader
// export's broker time) in that zone; the engine remembers it per symbol.
import { useId, useRef, useState } from 'react'
import { useMutation, useMutationState } from '@tanstack/react-query'
import type { CommandResult, GapwatchClient } from '../../../shared/contract.ts'
import type { DesktopFiles } from '../../../shared/ipc.ts'
import { formatBytes, formatCount } from '../../../shared/format.ts'
import { isDesktop } from '../client/index.ts'
import { SUGGESTED_ZONES, tzParam } from './import-tz.ts'

declare global {
  interface Window {
    /** The desktop app's imports by path (electron/preload). */
    gapwatchFiles?: DesktopFiles
  }
}

interface Outcome {
  file: string
  ok: boolean
  text: string
}

const MAX_BYTES = 64 * 1024 * 1024
const IMPORT_KEY = ['importCsv']
const SHOWN = 10

interface ImportVars {
  file: File
  tz: string | null | undefined
}

export function ImportCsv({ client, onImported }: { client: GapwatchClient; onImported: (symbol: string) => void }) {
  const [over, setOver] = useState(false)
  const [zone, setZone] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const hintId = useId()
  const zoneId = useId()
  const upload = useMutation({
    mutationKey: IMPORT_KEY,
    mutationFn: async ({ file, tz }: ImportVars) => {
      if (file.size > MAX_BYTES) throw new Error(`${file.name}: ${formatBytes(file.size)} is over the ${formatBytes(MAX_BYTES)} import limit.`)
      const desktop = isDesktop(client) ? window.gapwatchFiles : undefined
      if (desktop) return desktop.importFile(file, { tz })
      return client.call('importCsv', { name: file.name, content: await file.text(), tz })
    },
    onSuccess: (r) => onImported(r.symbol),
    // The outcomes list reads every import of the session.
    gcTime: Infinity,
  })
  const outcomes = useMutationState({
    filters: { mutationKey: IMPORT_KEY },
    select: (m): Outcome | null => {
      const { status, data, error, variables } = m.state
      const file = (variables as ImportVars | undefined)?.file.name ?? ''
      if (status === 'error') return { file, ok: false, text: error?.message ?? 'failed' }
      if (status !== 'success' || !data) return null
      const r = data as CommandResult<'importCsv'>
      return {
        file,
        ok: true,
        text:
          `Imported ${r.symbol}: ${formatCount(r.rows)} rows (${r.format}, ${r.timeframe}, times in ${r.tz ?? 'UTC'})` +
          `${r.blankCells ? `, ${formatCount(r.blankCells)} blank cells` : ''}; ` +
          (r.fvgs === undefined ? `scanning as job #${r.jobId}.` : `${formatCount(r.fvgs)} FVGs found (job #${r.jobId}).`),
      }
    },
  })
    .filter((o): o is Outcome => o !== null)
    .reverse()
    .slice(0, SHOWN)
  const busy = upload.isPending ? upload.variables.file.name : null

  const importFiles = async (files: File[]) => {
    const tz = tzParam(zone)
    for (const file of files) await upload.mutateAsync({ file, tz }).catch(() => undefined)
  }

  return (
    <section className="card" aria-labelledby="import-h">
      <header>
        <h2 id="import-h">Import CSV</h2>
      </header>
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault()
          e.dataTransfer.dropEffect = 'copy'
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault()
          setOver(false)
          void importFiles([...e.dataTransfer.files])
        }}
      >
        <p id={hintId}>
          Drop candle CSV files here (timestamp, open, high, low, close[, volume]); the file name becomes the symbol.
        </p>
        <button type="button" onClick={() => input.current?.click()} disabled={busy !== null} aria-describedby={hintId}>
          Choose files…
        </button>
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          multiple
          hidden
          data-testid="csv-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])]
            e.target.value = ''
            void importFiles(files)
          }}
        />
        <label className="import-tz">
          Time zone of the file&apos;s times{' '}
          <input
            type="text"
            list={zoneId}
            value={zone}
            onChange={(e) => setZone(e.target.value)}
            placeholder="remembered, else UTC"
            spellCheck={false}
            maxLength={64}
            data-testid="import-tz"
            aria-describedby={`${zoneId}-hint`}
          />
        </label>
        <datalist id={zoneId}>
          {SUGGESTED_ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <p className="muted small" id={`${zoneId}-hint`}>
          MetaTrader exports are in the broker&apos;s server time: give its zone (Europe/Athens) or offset (+02:00). Kept for the
          symbol&apos;s rescans and next import; UTC forgets it.
        </p>
        {busy && (
          <p className="muted" role="status">
            Importing {busy}…
          </p>
        )}
      </div>
      {outcomes.length > 0 && (
        <ul className="import-results" aria-live="polite">
          {outcomes.map((o, i) => (
            <li key={i} className={o.ok ? 'ok' : 'error'} data-testid={o.ok ? 'import-ok' : 'import-error'}>
              <strong>{o.file}</strong>
              <pre>{o.text}</pre>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
