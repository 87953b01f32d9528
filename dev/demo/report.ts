/**
 * The demo's output as a person reads it in the Actions UI: workflow commands rendered instead of
 * printed (a group as a heading, warnings and errors marked, `::debug::` hidden unless asked for,
 * masks and group ends silent), and the closing tables: what each job did, and what is left in
 * the cache at the end with the reason each entry is kept. Pure.
 */
import { REASON_TEXT, type PrunePlan } from '../../src/prune/planner.js'
import { formatBytes } from '../../src/units.js'

/** Data escaped in a workflow command (`%25`, `%0D`, `%0A`, and in properties `%3A`, `%2C`). */
function unescape(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}

/**
 * One line a step wrote, as the Actions log shows it: undefined for what it does not show.
 * `debug` shows `::debug::` lines (the runner shows them with ACTIONS_STEP_DEBUG).
 */
export function renderRunnerLine(line: string, debug = false): string | undefined {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
  if (!command) return line
  const [, name, data] = command
  const text = unescape(data)
  switch (name) {
    case 'group':
      return `▸ ${text}`
    case 'endgroup':
    case 'add-mask':
    case 'save-state':
    case 'set-output':
      return undefined
    case 'debug':
      return debug ? `debug: ${text}` : undefined
    case 'warning':
      return `⚠ warning: ${text}`
    case 'error':
      return `✖ error: ${text}`
    case 'notice':
      return `ℹ notice: ${text}`
    default:
      return line
  }
}

export interface JobOutcome {
  title: string
  steps: number
  cached: number
  blobsUploaded: number
  bytesUploaded: number
  /** The post step's "why" rows for what it deleted: reason text → count. */
  deleted: { reason: string; count: number }[]
}

/**
 * The delete rows of a pruning summary's "Why" table (src/summary.ts): `| delete | reason | N (size) |`.
 */
export function deletedByReason(summary: string): { reason: string; count: number }[] {
  const rows: { reason: string; count: number }[] = []
  for (const line of summary.split('\n')) {
    const m = /^\| (?:delete|would delete) \| (.+?) \| (\d+)(?: \(|\s*\|)/.exec(line)
    if (m) rows.push({ reason: m[1].replace(/&#124;/g, '|'), count: Number(m[2]) })
  }
  return rows
}

const pad = (rows: string[][]): string[] => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  )
}

/** What each job did: steps from cache, layers uploaded, entries its post step deleted and why. */
export function jobTable(jobs: readonly JobOutcome[]): string[] {
  const rows = [['job', 'steps from cache', 'layers uploaded', 'entries deleted (why)']]
  jobs.forEach((job, i) => {
    const deleted = job.deleted.reduce((n, d) => n + d.count, 0)
    rows.push([
      `${i + 1}. ${job.title}`,
      `${job.cached} of ${job.steps}`,
      `${job.blobsUploaded} (${formatBytes(job.bytesUploaded)})`,
      deleted === 0
        ? '0'
        : `${deleted}: ${job.deleted.map((d) => `${d.reason} (${d.count})`).join('; ')}`,
    ])
  })
  return pad(rows)
}

/** What is left in the cache, and why each entry is kept, as a plan that reads every ref says. */
export function remainingTable(plan: PrunePlan): string[] {
  const rows = [['ref', 'size', 'key', 'why it is there']]
  for (const p of plan.entries) {
    const why = REASON_TEXT[p.reason]
    rows.push([
      p.entry.ref,
      formatBytes(p.entry.sizeInBytes),
      p.entry.key,
      p.verdict === 'delete' ? `goes at the next run: ${why}` : `kept: ${why}`,
    ])
  }
  return pad(rows)
}
