/** Job-summary markdown for the cache mounts (carry.ts). Pure: result in, markdown out. */
import { code, escapeCell, table } from '../markdown.js'
import { formatBytes, plural } from '../units.js'
import type { MountReport, SaveResult } from './carry.js'

const SAVED: Record<MountReport['outcome'], string> = {
  saved: 'saved',
  unchanged: 'unchanged, not uploaded',
  'not-saved': 'not saved',
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Rows the summary shows at most (a Dockerfile rarely has more mounts). */
const MAX_ROWS = 50

export function renderMountsReport(
  result: SaveResult,
  restoreWarnings: readonly string[] = [],
): string {
  if (result.mounts.length === 0) return ''
  const out = [`### Cache mounts: ${plural(result.mounts.length, 'mount')}`, '']
  const rows = result.mounts.map((m) => [
    code(m.label),
    m.bytes === undefined ? '–' : formatBytes(m.bytes),
    m.restoredKey === undefined ? 'no' : m.injected ? 'yes, injected' : 'yes, not injected',
    m.outcome === 'not-saved' && m.reason ? `not saved: ${escapeCell(m.reason)}` : SAVED[m.outcome],
  ])
  out.push(...table(['Mount', 'Size (tar)', 'Restored', 'Saved'], rows, MAX_ROWS), '')
  const times = [
    ...(result.injectMs === undefined ? [] : [`inject ${seconds(result.injectMs)}`]),
    ...(result.extractMs === undefined ? [] : [`extract ${seconds(result.extractMs)}`]),
  ]
  if (times.length > 0) out.push(`One build each for all mounts: ${times.join(', ')}.`, '')
  for (const warning of [...restoreWarnings, ...result.warnings])
    out.push(`> :warning: ${escapeCell(warning)}`, '')
  return out.join('\n')
}
