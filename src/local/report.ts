/** Job-summary markdown for the `type=local` save. Pure: report in, markdown out. */
import { code, escapeCell } from '../markdown.js'
import { formatBytes } from '../units.js'
import type { LocalSaveReport } from './save.js'

const HEADLINE: Record<LocalSaveReport['outcome'], string> = {
  saved: 'saved a new generation',
  unchanged: 'unchanged, nothing uploaded',
  'not-exported': 'nothing exported, nothing saved',
  incomplete: 'incomplete export, nothing saved',
  'not-saved': 'not saved',
  failed: 'failed',
}

export function renderLocalReport(scope: string, report: LocalSaveReport): string {
  const out = [`### Local cache ${code(scope)}: ${HEADLINE[report.outcome]}`, '']
  const rows: [string, string][] = []
  if (report.key) rows.push(['Key', code(report.key)])
  if (report.manifestDigest) rows.push(['Cache manifest', code(report.manifestDigest)])
  if (report.totalBytes !== undefined)
    rows.push(['Layout', `${report.blobCount} blobs, ${formatBytes(report.totalBytes)}`])
  if (report.deleted.length > 0) {
    const freed = report.deleted.reduce((n, e) => n + e.sizeInBytes, 0)
    rows.push(['Older generations deleted', `${report.deleted.length} (${formatBytes(freed)})`])
  }
  if (rows.length > 0)
    out.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), '')
  if (report.reason) out.push(escapeCell(report.reason), '')
  for (const warning of report.warnings) out.push(`> :warning: ${escapeCell(warning)}`, '')
  return out.join('\n')
}
