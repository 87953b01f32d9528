/** Small statistics for benchmark tables. Pure. */
import { table } from '../src/markdown.js'

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The q-quantile (0..1) by linear interpolation between closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of no values')
  if (q < 0 || q > 1) throw new Error(`quantile ${q} is outside 0..1`)
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const low = Math.floor(pos)
  const high = Math.ceil(pos)
  return sorted[low] + (sorted[high] - sorted[low]) * (pos - low)
}

/** Bytes in decimal units: the action's own formatting (src/units.ts). */
export { formatBytes } from '../src/units.js'

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)} %`
}

/** A GitHub-flavoured Markdown table of every row (the summaries' `table`, src/markdown.ts). */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cell = (c: string | number) => String(c).replace(/\|/g, '\\|')
  return table(
    header.map(cell),
    rows.map((row) => row.map(cell)),
    Infinity,
  ).join('\n')
}
