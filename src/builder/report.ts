/** Job-summary markdown for the builder's own cache. Pure: report in, markdown out. */
import { code, escapeCell } from '../markdown.js'
import { formatBytes } from '../units.js'
import type { BuilderReport } from './maintenance.js'
import type { CacheRecord } from './records.js'

const TOOL_NAME = { buildctl: 'buildctl', buildx: 'docker buildx' } as const
const MAX_DESCRIPTION = 80

export function renderBuilderReport(report: BuilderReport): string {
  const out: string[] = []
  if (!report.tool && report.warnings.length === 0) return ''
  out.push(`### Builder cache${report.tool ? ` (${TOOL_NAME[report.tool]})` : ''}`, '')
  const approx = (flag: boolean) => (flag ? '≈ ' : '')

  if (report.prune) {
    const p = report.prune
    out.push(
      `Pruned ${p.records} record${p.records === 1 ? '' : 's'}, freed ${approx(p.approximate)}${formatBytes(p.freedBytes)} (${code(p.command)}).`,
      '',
    )
    if (p.largest.length > 0) out.push(...recordTable(p.largest, 'Largest pruned'), '')
  }
  if (report.usage) {
    const u = report.usage
    out.push(
      '| Usage | |',
      '|---|---|',
      `| Total | ${approx(u.approximate)}${formatBytes(u.totalBytes)} |`,
      `| Reclaimable | ${approx(u.approximate)}${formatBytes(u.reclaimableBytes)} |`,
      ...(u.sharedBytes > 0
        ? [`| Shared | ${approx(u.approximate)}${formatBytes(u.sharedBytes)} |`]
        : []),
      `| Records | ${u.records} |`,
      '',
    )
    if (u.largest.length > 0) out.push(...recordTable(u.largest, 'Largest records'), '')
  }
  for (const warning of report.warnings) out.push(`> :warning: ${escapeCell(warning)}`, '')
  return out.join('\n')
}

function recordTable(records: CacheRecord[], title: string): string[] {
  return [
    `| ${title} | Size | Type | Reclaimable | Description |`,
    '|---|---:|---|---|---|',
    ...records.map(
      (r) =>
        `| ${code(r.id)} | ${formatBytes(r.size)} | ${r.type ?? ''} | ${r.reclaimable ? 'yes' : 'no'} | ${escapeCell(shorten(r.description ?? ''))} |`,
    ),
  ]
}

function shorten(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text
}
