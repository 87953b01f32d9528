/**
 * What a run tells the user about what it could not read (rule 4): one line per kind of failure.
 */
import { isBuildKitVersion } from '../buildkit/keys.js'
import type { CacheEntry } from '../github/caches.js'
import type { IndexRead } from './analysis.js'
import type { PrunePlan } from './planner.js'

/**
 * One problem line per kind of failed read (rule 4): indexes in a layout this code does not know,
 * indexes over the bytes read of one, and other failures, each naming its first entry.
 */
export function readProblems(
  live: readonly CacheEntry[],
  reads: ReadonlyMap<number, IndexRead>,
): string[] {
  const failed = live.flatMap((index) => {
    const read = reads.get(index.id)
    return read && !read.ok ? [{ index, read }] : []
  })
  const problems: string[] = []
  const more = (n: number) => (n > 1 ? ` (and ${n - 1} more)` : '')
  const layout = failed.filter((f) => f.read.cause === 'layout')
  if (layout.length > 0) {
    const { index, read } = layout[0]
    problems.push(
      `the live index ${index.key} (${index.ref}) is not in the layout this action knows (${read.error})${more(layout.length)}: a newer BuildKit may have changed its format; what it may reference was kept`,
    )
  }
  const large = failed.filter((f) => f.read.cause === 'too-large')
  if (large.length > 0) {
    const { index, read } = large[0]
    problems.push(
      `the live index ${index.key} (${index.ref}) was not read: ${read.error}${more(large.length)}; what it may reference was kept`,
    )
  }
  const other = failed.filter((f) => f.read.cause !== 'layout' && f.read.cause !== 'too-large')
  if (other.length > 0) {
    problems.push(
      `${other.length} of ${live.length} live indexes could not be read (first: ${other[0].read.error}); what they may reference was kept`,
    )
  }
  return problems
}

/** One problem line for entries in a key layout this code does not know (rule 4). */
export function unknownLayoutProblems(plan: PrunePlan): string[] {
  const unknown = plan.analysis.unknown
  if (unknown.length === 0) return []
  const first = unknown[0].entry
  const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : ''
  return [
    `${first.key} (${first.ref}) carries ${isBuildKitVersion(first.version) ? "BuildKit's" : "this action's"} version on a key this action cannot parse${more}: a newer version may have written it; it was kept, with whatever it may reference`,
  ]
}
