/**
 * `core.info` writes its text as it is, and the runner reads every output line that starts with
 * `::` as a workflow command (`::add-mask::`, `::error::`, `::set-output …`). A value that may
 * hold a line break (a scope from a matrix, a cache key someone else wrote) is logged through
 * `singleLine`, which writes CR and LF as `\r` and `\n`, so it cannot start a line of its own.
 * `core.warning`, `core.debug` and group titles escape their text themselves.
 */
export function singleLine(text: string): string {
  return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n')
}
