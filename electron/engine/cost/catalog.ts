// The instance catalog: the bundled, dated resources/cost-catalog.json, a user's own file
// (`gapwatch cost --catalog FILE`), and the user's entries from Settings → Cost.
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { CatalogSchema, type Catalog, type CatalogEntry } from '../../../shared/cost.ts'
import { describeZodError } from '../../../shared/zod-error.ts'
import { MAX_CATALOG_BYTES } from '../../../shared/limits.ts'
import { FileReadError, readImportFile } from '../market/read-file.ts'
import { withoutBom } from '../json-file.ts'

/** A catalog file that cannot be used: the message names the file and what is wrong in it. */
export class CatalogError extends Error {
  override name = 'CatalogError'
}

/** The bundled catalog's path; a packaged app sets GAPWATCH_RESOURCES (as for the sample data). */
export function bundledCatalogPath(): string {
  if (process.env.GAPWATCH_RESOURCES) return resolve(process.env.GAPWATCH_RESOURCES, 'cost-catalog.json')
  return fileURLToPath(new URL('../../../resources/cost-catalog.json', import.meta.url))
}

export function loadCatalogFile(file: string): Catalog {
  let text: string
  try {
    // Only a regular file within the bound (stat's size of a FIFO or /dev/zero is 0: they hung or grew).
    text = readImportFile(file, { maxBytes: MAX_CATALOG_BYTES }).toString('utf8')
  } catch (err) {
    if (err instanceof FileReadError) throw new CatalogError(err.message)
    throw new CatalogError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`)
  }
  let json: unknown
  try {
    json = JSON.parse(withoutBom(text))
  } catch (err) {
    throw new CatalogError(`${file}: not valid JSON (${(err as Error).message}).`)
  }
  const parsed = CatalogSchema.safeParse(json)
  if (!parsed.success) throw new CatalogError(`${file}: ${describeZodError(parsed.error)}`)
  return parsed.data
}

let bundled: Catalog | null = null
/** The bundled catalog (read once). */
export function bundledCatalog(): Catalog {
  return (bundled ??= loadCatalogFile(bundledCatalogPath()))
}

/** `base` with the user's entries added; a user entry replaces a bundled one of the same name. */
export function withUserEntries(base: Catalog, user: readonly CatalogEntry[]): Catalog {
  if (user.length === 0) return base
  const names = new Set(user.map((e) => e.name))
  return { ...base, entries: [...base.entries.filter((e) => !names.has(e.name)), ...user] }
}
