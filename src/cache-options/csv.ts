/**
 * CSV quoting as BuildKit's clients split a cache spec: buildctl and buildx both split it with the
 * same Go CSV field reader, which
 * follows Go's encoding/csv rules for one line: a field that starts with `"` runs to the next lone
 * `"`, `""` inside it is one quote, and commas and line breaks inside it are data. A bare `"` in an
 * unquoted field is an error. Each `key=value` pair is one field, split at its first `=`.
 */

/**
 * Quote a field when a comma or quote would end or break it, and when it holds any white space:
 * a line break would end the record for readers that split lines first (build-push-action's
 * csv-parse), and build-push-action and bake-action trim each entry, which would eat a trailing
 * space of the last value. Quoting more than Go's csv.Writer does is still valid CSV.
 */
function needsQuotes(field: string): boolean {
  return /[",\s]/.test(field)
}

/** One CSV field, quoted only when it has to be (and with spaces, so none is ever trimmed). */
export function csvField(field: string): string {
  return needsQuotes(field) ? `"${field.replace(/"/g, '""')}"` : field
}

/** One CSV record from its fields. */
export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',')
}

/**
 * The fields of one CSV record, read by the rules above (csvRecord's inverse): what BuildKit's
 * Dockerfile frontend does with a `--mount` flag. Throws on an unterminated quote, text after a
 * closing quote, or a bare quote in an unquoted field.
 */
export function csvFields(record: string): string[] {
  const fields: string[] = []
  let i = 0
  for (;;) {
    let field = ''
    if (record[i] === '"') {
      i++
      for (;;) {
        if (i >= record.length) throw new Error(`unterminated quote in ${JSON.stringify(record)}`)
        if (record[i] === '"') {
          if (record[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        field += record[i++]
      }
      if (i < record.length && record[i] !== ',')
        throw new Error(`extraneous text after a quoted field in ${JSON.stringify(record)}`)
    } else {
      const end = record.indexOf(',', i)
      field = record.slice(i, end < 0 ? record.length : end)
      if (field.includes('"'))
        throw new Error(`bare " in an unquoted field of ${JSON.stringify(record)}`)
      i = end < 0 ? record.length : end
    }
    fields.push(field)
    if (i >= record.length) return fields
    i++ // the comma
  }
}
