// CSV import: drop files on the zone or pick them; each file's text goes to `importCsv` (one
// mutation per file, one after another), and an error is shown exactly as the engine words it (it
// names the file, line and column). The outcomes are the mutations' own states (TanStack Query).
import { useId, useRef, useState } from 'react'
import { useMutation, useMutationState } from '@tanstack/react-query'
import type { CommandResult, GapwatchClient } from '../../../shared/contract.ts'
import { formatBytes, formatCount } from '../../../shared/format.ts'

interface Outcome {
  file: string
  ok: boolean
  text: string
}

const MAX_BYTES = 64 * 1024 * 1024
const IMPORT_KEY = ['importCsv']
const SHOWN = 10

export function ImportCsv({ client, onImported }: { client: GapwatchClient; onImported: (symbol: string) => void }) {
  const [over, setOver] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const hintId = useId()
  const upload = useMutation({
    mutationKey: IMPORT_KEY,
    mutationFn: async (file: File) => {
      if (file.size > MAX_BYTES) throw new Error(`${file.name}: ${formatBytes(file.size)} is over the ${formatBytes(MAX_BYTES)} import limit.`)
      return client.call('importCsv', { name: file.name, content: await file.text() })
    },
    onSuccess: (r) => onImported(r.symbol),
    // The outcomes list reads every import of the session.
    gcTime: Infinity,
  })
  const outcomes = useMutationState({
    filters: { mutationKey: IMPORT_KEY },
    select: (m): Outcome | null => {
      const { status, data, error, variables } = m.state
      const file = (variables as File | undefined)?.name ?? ''
      if (status === 'error') return { file, ok: false, text: error?.message ?? 'failed' }
      if (status !== 'success' || !data) return null
      const r = data as CommandResult<'importCsv'>
      return {
        file,
        ok: true,
        text: `Imported ${r.symbol}: ${formatCount(r.rows)} rows (${r.format}, ${r.timeframe})${r.blankCells ? `, ${formatCount(r.blankCells)} blank cells` : ''}; scanning as job #${r.jobId}.`,
      }
    },
  })
    .filter((o): o is Outcome => o !== null)
    .reverse()
    .slice(0, SHOWN)
  const busy = upload.isPending ? upload.variables.name : null

  const importFiles = async (files: File[]) => {
    for (const file of files) await upload.mutateAsync(file).catch(() => undefined)
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
