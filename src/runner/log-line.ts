/**
 * What the runner reads as a workflow command in a step's output: a line that starts with `::`
 * (`::add-mask::`, `::error::`, `::set-output …`), and the legacy form `##[command]` anywhere in
 * a line. A logged value (an input, an environment value, a key from the listing, an error text)
 * must start neither, so every line the steps log goes through `neutralLine` (src/runner/log.ts), and a
 * value that may hold a line break through `singleLine`, which also keeps it readable on one line.
 * Pure.
 */

/** `##[` written so the runner does not read it: `##\[`. */
const LEGACY_COMMAND = /##\[/g

/** `##[` anywhere written as `##\[`: what neutralLine does to the middle of a line. */
export function escapeLegacyCommands(text: string): string {
  return text.replace(LEGACY_COMMAND, '##\\[')
}

/**
 * Characters a terminal or a browser acts on instead of showing: C0 and C1 controls (ESC starts
 * colour and cursor sequences, NUL cuts text), DEL, and the bidirectional overrides and isolates
 * that reorder what follows (a key `abc\u202Eexe.` reads backwards). Tab, CR and LF are left to
 * the callers that handle lines.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/** Each INVISIBLE character written as `\u{…}`: shown literally, acted on by nothing. */
export function visibleText(text: string): string {
  return text.replace(
    INVISIBLE,
    (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`,
  )
}

/**
 * One line that starts no workflow command and carries no control character: `##[` becomes
 * `##\[`, a leading `::` `\::`, ESC `\u{001B}`.
 */
export function neutralLine(line: string): string {
  return visibleText(escapeLegacyCommands(line)).replace(/^::/, '\\::')
}

/** CR and LF written as `\r` and `\n`: the text on one line. */
export function escapeLineBreaks(text: string): string {
  return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n')
}

/** The lines of a text, as the runner reads them: a lone CR ends a line too. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/)
}

/** Text on one line (CR and LF written as `\r`, `\n`) that starts no workflow command. */
export function singleLine(text: string): string {
  return neutralLine(escapeLineBreaks(text))
}

/** Every line of a block neutralised. */
export function neutralText(text: string): string {
  return splitLines(text).map(neutralLine).join('\n')
}

/** An error's message, or the thrown value as text: what a step logs of what went wrong. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
