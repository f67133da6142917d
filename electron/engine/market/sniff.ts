// Is this a CSV text file at all? A look at a file's first bytes, before it is parsed: a workbook,
// an archive, an image or other binary data gets a message saying what it is, instead of the
// parser's complaint about its first "row". UTF-16 with a BOM is text (MetaTrader exports).

/** How many leading bytes sniffing needs. */
export const SNIFF_BYTES = 4096

/** File names an import accepts: CSV exports as brokers and exchanges name them. */
export const IMPORT_EXTENSIONS = ['.csv', '.txt']

const MAGIC: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook?); save it as CSV first' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel .xls workbook; save it as CSV first' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive; unpack it first' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' },
]

/** Why `head` (a file's first bytes) is not CSV text, or null when it may be. */
export function nonCsvReason(head: Uint8Array): string | null {
  for (const m of MAGIC) if (m.bytes.every((b, i) => head[i] === b)) return `it is ${m.what}, not CSV text`
  const utf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
  if (!utf16) {
    const nul = head.subarray(0, SNIFF_BYTES).indexOf(0)
    if (nul >= 0) return `it holds binary data (a NUL byte at offset ${nul}), not CSV text`
  }
  return null
}

/** Why a file of this name is not taken as an import, or null when its extension is accepted. */
export function nonCsvName(name: string): string | null {
  const lower = name.toLowerCase()
  if (IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext))) return null
  return `only CSV files (${IMPORT_EXTENSIONS.join(', ')}) can be imported`
}
