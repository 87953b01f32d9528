/**
 * Markdown for the job summaries (pruning, `type=local`, the builder's cache): cells that carry
 * values from the cache or the environment, and tables. Pure.
 */

import { visibleText } from './runner/log-line.js'

/**
 * Text safe inside a Markdown table cell, shown as it is: no HTML, no pipes, no line breaks (LF,
 * CRLF, and a lone CR, which CommonMark also ends a line at), no links, images or autolinks, no
 * emphasis or strike-through (Markdown inside `<code>` is still rendered, and cache keys are
 * anybody's to choose: a fork's pull request writes any), and no control or bidirectional
 * characters (written as `\u{…}`).
 */
export function escapeCell(text: string): string {
  return visibleText(text)
    .replace(/&/g, '&amp;')
    .replace(/\\/g, '&#92;')
    .replace(/\*/g, '&#42;')
    .replace(/_/g, '&#95;')
    .replace(/~/g, '&#126;')
    .replace(/:(?=\/\/)/g, '&#58;')
    .replace(/@/g, '&#64;')
    .replace(/\b(www)\./gi, '$1&#46;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;')
    .replace(/\[/g, '&#91;')
    .replace(/\]/g, '&#93;')
    .replace(/\r\n?|\n/g, ' ')
}

/** A value in a cell, as code. */
export const code = (text: string) => `<code>${escapeCell(text)}</code>`
/** A Markdown table; rows past `maxRows` become one "… and N more" row. */
export function table(header: string[], rows: string[][], maxRows: number): string[] {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`]
  for (const row of rows.slice(0, maxRows)) lines.push(`| ${row.join(' | ')} |`)
  if (rows.length > maxRows) {
    lines.push(
      `| … and ${rows.length - maxRows} more | ${header
        .slice(1)
        .map(() => '')
        .join(' | ')} |`,
    )
  }
  return lines
}
