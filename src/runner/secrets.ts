/**
 * The secrets this process was given, in every form it may print them: the runner masks exact
 * strings, line by line, so a secret that holds a line break is masked by each of its lines and by
 * its form on one line (src/runner/log-line.ts singleLine writes CR and LF as `\r`, `\n`); and text that
 * is cut short (an error body) is redacted before it is cut, so no fragment of a secret survives
 * the cut unmasked. Pure but for the process-wide list; src/runner/log.ts tells the runner.
 */
import { escapeLegacyCommands, escapeLineBreaks, neutralLine, splitLines } from './log-line.js'

const known = new Set<string>()

/** Lines shorter than this are not masked on their own: they would mask ordinary words. */
const MIN_LINE = 4

/**
 * The strings to mask for `value`: itself, its one-line form, and each of its lines (for a
 * value with a line break); and each of those as a logged line prints it when it holds `##[` or
 * starts with `::` (src/runner/log-line.ts neutralLine), in the middle of a line and at its start.
 */
export function secretForms(value: string): string[] {
  if (value === '') return []
  const forms = [value]
  if (/[\r\n]/.test(value)) {
    forms.push(escapeLineBreaks(value))
    for (const line of splitLines(value)) if (line.length >= MIN_LINE) forms.push(line)
  }
  const printed = forms.flatMap((form) => [escapeLegacyCommands(form), neutralLine(form)])
  return [...new Set([...forms, ...printed])]
}

/** Remembers `values` (and their forms) as secrets; returns every form to mask. */
export function rememberSecrets(values: readonly string[]): string[] {
  const forms = [...new Set(values.flatMap(secretForms))]
  for (const form of forms) known.add(form)
  return forms
}

/** `text` with every remembered secret form replaced by `***`, longest first. */
export function redactSecrets(text: string): string {
  let out = text
  for (const form of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(form)) out = out.split(form).join('***')
  }
  return out
}

/** Forgets every secret (tests). */
export function forgetSecrets(): void {
  known.clear()
}
