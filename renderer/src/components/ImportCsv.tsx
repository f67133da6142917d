// CSV import: drop files on the zone or pick them; each file's text goes to `importCsv`, and an
// error is shown exactly as the engine words it (it names the file, line and column).
import { useId, useRef, useState } from 'react'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { formatBytes, formatCount } from '../../../shared/format.ts'

interface Outcome {
  file: string
  ok: boolean
  text: string
}

const MAX_BYTES = 64 * 1024 * 1024

export function ImportCsv({ client, onImported }: { client: GapwatchClient; onImported: (symbol: string) => void }) {
  const [over, setOver] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const [outcomes, setOutcomes] = useState<Outcome[]>([])
  const input = useRef<HTMLInputElement>(null)
  const hintId = useId()

  const importFiles = async (files: File[]) => {
    for (const file of files) {
      setBusy(file.name)
      let outcome: Outcome
      try {
        if (file.size > MAX_BYTES) throw new Error(`${file.name}: ${formatBytes(file.size)} is over the ${formatBytes(MAX_BYTES)} import limit.`)
        const content = await file.text()
        const r = await client.call('importCsv', { name: file.name, content })
        outcome = {
          file: file.name,
          ok: true,
          text: `Imported ${r.symbol}: ${formatCount(r.rows)} rows (${r.format}, ${r.timeframe})${r.blankCells ? `, ${formatCount(r.blankCells)} blank cells` : ''}; scanning as job #${r.jobId}.`,
        }
        onImported(r.symbol)
      } catch (err) {
        outcome = { file: file.name, ok: false, text: (err as Error).message }
      }
      setOutcomes((list) => [outcome, ...list].slice(0, 10))
    }
    setBusy(null)
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
