/**
 * The job summary of a pruning run, as Markdown: repository usage before and after against the
 * limit, per (ref, scope) the index generations and the blobs they keep alive, per ref what no
 * index references, what was deleted and why, and the warnings. Pure: data in, text out.
 * Every value that came from the cache (keys, refs, scopes) is escaped: a branch may be named
 * `a|<b>`.
 */
import { BUDGET_WORDS, type BudgetOutcome, type PlannedEntry } from './prune/planner.js'
import { REASON_TEXT } from './prune/planner.js'
import type { Inventory, Tally } from './prune/inventory.js'
import { code, escapeCell, table } from './markdown.js'
import { formatBytes } from './units.js'

export interface SummaryReport {
  title: string
  dryRun: boolean
  usage?: {
    beforeBytes: number
    afterBytes: number
    limitBytes: number
    targetBytes: number
    budget: BudgetOutcome
  }
  inventory?: Inventory
  /** Entries deleted (or, in a dry run, that would be). */
  deleted: readonly PlannedEntry[]
  execution?: {
    failed: number
    skipped: number
    missing: number
    /** Kept because a re-check found them used, or possibly adopted, since the plan. */
    moved?: number
    stopped?: string
  }
  warnings: readonly string[]
  /** What the run chose to do that the reader should know (not warnings). */
  notices?: readonly string[]
  /** Table rows shown before "and N more". */
  maxRows?: number
}

const tally = (t: Tally | undefined) =>
  t === undefined ? 'unknown' : t.count === 0 ? '0' : `${t.count} (${formatBytes(t.bytes)})`

export function renderSummary(report: SummaryReport): string {
  const maxRows = report.maxRows ?? 50
  const out: string[] = [`## ${escapeCell(report.title)}${report.dryRun ? ' (dry run)' : ''}`, '']
  for (const warning of report.warnings) out.push(`> :warning: ${escapeCell(warning)}`, '')
  for (const notice of report.notices ?? []) out.push(`> ${escapeCell(notice)}`, '')

  if (report.usage) {
    const u = report.usage
    const pct = (bytes: number) => `${((100 * bytes) / u.limitBytes).toFixed(0)}%`
    out.push(
      ...table(
        ['Repository cache', 'Size', 'Of the limit'],
        [
          ['before', formatBytes(u.beforeBytes), pct(u.beforeBytes)],
          [
            report.dryRun ? 'after (if run)' : 'after',
            formatBytes(u.afterBytes),
            pct(u.afterBytes),
          ],
          ['prune target', formatBytes(u.targetBytes), pct(u.targetBytes)],
          ['limit', formatBytes(u.limitBytes), '100%'],
        ],
        maxRows,
      ),
      '',
      `Budget: ${BUDGET_WORDS[u.budget]}.`,
      '',
    )
  }

  const verb = report.dryRun ? 'Would delete' : 'Deleted'
  const bytes = report.deleted.reduce((sum, p) => sum + p.entry.sizeInBytes, 0)
  out.push(`**${verb} ${report.deleted.length} entries, ${formatBytes(bytes)}.**`, '')
  if (report.execution) {
    const e = report.execution
    const notes = [
      e.missing > 0 ? `${e.missing} were already gone` : '',
      e.failed > 0 ? `${e.failed} failed` : '',
      e.skipped > 0 ? `${e.skipped} were not attempted` : '',
      e.moved ? `${e.moved} were kept: used, or possibly adopted by an export, since the plan` : '',
      e.stopped ? `stopped: ${escapeCell(e.stopped)}` : '',
    ].filter(Boolean)
    if (notes.length > 0) out.push(`${notes.join('; ')}.`, '')
  }

  const inv = report.inventory
  if (inv && inv.scopes.length > 0) {
    out.push(
      '### Index scopes',
      '',
      ...table(
        ['Ref', 'Scope', 'Generations (live)', 'Blobs live indexes use', 'Deleted'],
        inv.scopes.map((s) => [
          code(s.ref),
          code(s.scope),
          `${s.generations} (${s.liveGenerations})`,
          s.read === 'not-readable'
            ? 'not readable from this job'
            : s.read === 'failed'
              ? 'unknown: an index could not be read'
              : tally(s.liveBlobs),
          tally(s.deleted),
        ]),
        maxRows,
      ),
      '',
    )
  }
  if (inv && inv.refs.length > 0) {
    out.push(
      '### Refs',
      '',
      ...table(
        ['Ref', 'Entries', 'Blobs no readable index uses', 'Deleted'],
        inv.refs.map((r) => [
          code(r.ref),
          tally(r.entries),
          r.unreferencedBlobs === undefined
            ? 'not readable from this job'
            : tally(r.unreferencedBlobs),
          tally(r.deleted),
        ]),
        maxRows,
      ),
      '',
    )
  }
  if (inv && inv.reasons.length > 0) {
    out.push(
      '### Why',
      '',
      ...table(
        ['Verdict', 'Reason', 'Entries'],
        inv.reasons.map((r) => [
          r.verdict === 'delete' ? (report.dryRun ? 'would delete' : 'delete') : 'keep',
          escapeCell(REASON_TEXT[r.reason]),
          tally(r.tally),
        ]),
        maxRows,
      ),
      '',
    )
  }
  if (report.deleted.length > 0) {
    out.push(
      `<details><summary>${verb} entries</summary>`,
      '',
      ...table(
        ['Key', 'Ref', 'Size', 'Reason'],
        report.deleted.map((p) => [
          code(p.entry.key),
          code(p.entry.ref),
          formatBytes(p.entry.sizeInBytes),
          escapeCell(REASON_TEXT[p.reason]),
        ]),
        maxRows * 4,
      ),
      '',
      '</details>',
      '',
    )
  }
  return out.join('\n')
}
