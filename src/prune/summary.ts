/**
 * The job summary of a pruning run, as Markdown: repository usage before and after against the
 * limit, per (ref, scope) the index generations and the blobs they keep alive, per ref what no
 * index references, what was deleted and why, and the warnings. Pure: data in, text out.
 * Every value that came from the cache (keys, refs, scopes) is escaped: a branch may be named
 * `a|<b>`.
 */
import { BUDGET_WORDS, type BudgetOutcome, type PlannedEntry } from './planner.js'
import { REASON_TEXT, REASONS } from './rules.js'
import type { RequestTally } from './run-context.js'
import type { Inventory, Tally } from './inventory.js'
import { code, escapeCell, table } from '../markdown.js'
import { formatBytes, plural } from '../units.js'

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
  /** The requests the run made, by kind (rule 12). */
  requests?: RequestTally
  /** Table rows shown before "and N more". */
  maxRows?: number
}

const tally = (t: Tally | undefined) =>
  t === undefined ? 'unknown' : t.count === 0 ? '0' : `${t.count} (${formatBytes(t.bytes)})`

export function renderSummary(report: SummaryReport): string {
  const maxRows = report.maxRows ?? 50
  return [
    `## ${escapeCell(report.title)}${report.dryRun ? ' (dry run)' : ''}`,
    '',
    ...report.warnings.flatMap((warning) => [`> :warning: ${escapeCell(warning)}`, '']),
    ...(report.notices ?? []).flatMap((notice) => [`> ${escapeCell(notice)}`, '']),
    ...usageSection(report, maxRows),
    ...deletedSection(report),
    ...scopesSection(report.inventory, maxRows),
    ...refsSection(report.inventory, maxRows),
    ...whySection(report, maxRows),
    ...deletedDetails(report, maxRows),
  ].join('\n')
}

const verbOf = (report: SummaryReport) => (report.dryRun ? 'Would delete' : 'Deleted')

function usageSection(report: SummaryReport, maxRows: number): string[] {
  const u = report.usage
  if (!u) return []
  const pct = (bytes: number) => `${((100 * bytes) / u.limitBytes).toFixed(0)}%`
  return [
    ...table(
      ['Repository cache', 'Size', 'Of the limit'],
      [
        ['before', formatBytes(u.beforeBytes), pct(u.beforeBytes)],
        [report.dryRun ? 'after (if run)' : 'after', formatBytes(u.afterBytes), pct(u.afterBytes)],
        ['prune target', formatBytes(u.targetBytes), pct(u.targetBytes)],
        ['limit', formatBytes(u.limitBytes), '100%'],
      ],
      maxRows,
    ),
    '',
    `Budget: ${BUDGET_WORDS[u.budget]}.`,
    '',
  ]
}

/** The kinds of requests in the order a run makes them, in words. */
const REQUEST_WORDS: readonly [keyof RequestTally, string, string][] = [
  ['usage', 'usage query', 'usage queries'],
  ['listPages', 'listing page', 'listing pages'],
  ['indexLookups', 'index lookup', 'index lookups'],
  ['indexDownloads', 'index download', 'index downloads'],
  ['refQueries', 'ref lookup', 'ref lookups'],
  ['rechecks', 're-check page', 're-check pages'],
  ['deletes', 'delete', 'deletes'],
  ['copyLookups', 'copy lookup', 'copy lookups'],
  ['markerWrites', 'marker saved', 'markers saved'],
  ['noteWrites', 'budget note saved', 'budget notes saved'],
]

/** What the run cost in requests (rule 12), in one line. */
export function requestsLine(requests: RequestTally): string {
  const parts = REQUEST_WORDS.filter(([kind]) => requests[kind] > 0).map(([kind, one, many]) =>
    plural(requests[kind], one, many),
  )
  const total = REQUEST_WORDS.reduce((sum, [kind]) => sum + requests[kind], 0)
  return `Requests: ${total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}.`
}

function deletedSection(report: SummaryReport): string[] {
  const bytes = report.deleted.reduce((sum, p) => sum + p.entry.sizeInBytes, 0)
  const out = [`**${verbOf(report)} ${report.deleted.length} entries, ${formatBytes(bytes)}.**`, '']
  const e = report.execution
  if (e) {
    const notes = [
      e.missing > 0 ? `${e.missing} were already gone` : '',
      e.failed > 0 ? `${e.failed} failed` : '',
      e.skipped > 0 ? `${e.skipped} were not attempted` : '',
      e.moved ? `${e.moved} were kept: used, or possibly adopted by an export, since the plan` : '',
      e.stopped ? `stopped: ${escapeCell(e.stopped)}` : '',
    ].filter(Boolean)
    if (notes.length > 0) out.push(`${notes.join('; ')}.`, '')
  }
  if (report.requests) out.push(requestsLine(report.requests), '')
  return out
}

function scopesSection(inv: Inventory | undefined, maxRows: number): string[] {
  if (!inv || inv.scopes.length === 0) return []
  return [
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
  ]
}

function refsSection(inv: Inventory | undefined, maxRows: number): string[] {
  if (!inv || inv.refs.length === 0) return []
  return [
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
  ]
}

/** Each verdict's reason with the rule of docs/pruning-rules.md it applies. */
function whySection(report: SummaryReport, maxRows: number): string[] {
  const inv = report.inventory
  if (!inv || inv.reasons.length === 0) return []
  return [
    '### Why',
    '',
    ...table(
      ['Verdict', 'Reason', 'Rule', 'Entries'],
      inv.reasons.map((r) => [
        r.verdict === 'delete' ? (report.dryRun ? 'would delete' : 'delete') : 'keep',
        escapeCell(REASON_TEXT[r.reason]),
        String(REASONS[r.reason].rule),
        tally(r.tally),
      ]),
      maxRows,
    ),
    '',
  ]
}

function deletedDetails(report: SummaryReport, maxRows: number): string[] {
  if (report.deleted.length === 0) return []
  return [
    `<details><summary>${verbOf(report)} entries</summary>`,
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
  ]
}
