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
