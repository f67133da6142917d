// The one error a CSV import throws. Its message reads like a compiler diagnostic:
//   eurusd.csv:42: column "high": "abc" is not a number

export class CsvImportError extends Error {
  override name = 'CsvImportError'
  /** The file as given to the importer. */
  readonly file: string
  /** 1-based physical line of the file (the header is line 1 when there is one). */
  readonly line: number
  /** Column name as written in the header (or implied for headerless files); null when the problem is not one cell. */
  readonly column: string | null
  /** The offending cell text; null when the problem is not one cell. */
  readonly value: string | null
  /** The problem alone, without the file:line: prefix. */
  readonly reason: string

  constructor(file: string, line: number, column: string | null, value: string | null, reason: string) {
    const where = column === null ? '' : value === null ? `column "${column}": ` : `column "${column}": "${value}" `
    super(`${file}:${line}: ${where}${reason}`)
    this.file = file
    this.line = line
    this.column = column
    this.value = value
    this.reason = reason
  }
}
