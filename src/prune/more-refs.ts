/**
 * Refs a run lists on their own, beyond those it prunes: the pull requests holding the largest
 * entries when the repository is beyond the listing limit (rule 12), closed pull requests whose
 * caches it drops, and refs this job cannot read that hold garbage (rule 5).
 */
import { ListingTooLargeError, type CacheEntry } from '../github/caches.js'
import { closedPullRequests, type RefState } from '../github/ref-states.js'
import { singleLine } from '../runner/log-line.js'
import { plural } from '../units.js'
import { staleOutOfReachRefs } from './analysis.js'
import { DeadlineExceeded } from './deadline.js'
import type { PrunePolicy } from './planner.js'
import type { Listings, PruneOutcome, RunContext, RunPolicy } from './run-context.js'
import { readByOtherRefs } from '../refs.js'

/** At most this many refs holding the largest entries are listed for the budget (rule 12). */
export const BYTE_HOLDER_REFS = 10

/**
 * Rule 12: the repository holds more entries than the run lists, and usage is over the target.
 * Its listed refs alone may not hold enough to take, while GitHub's eviction, least recently used
 * first, would take single layers of pull requests whose indexes live. The first page of the
 * listing by size (one request) tells which pull requests hold the bytes; each is listed on its
 * own, within the limit, and its groups join the budget's candidates. Only refs that nothing but
 * themselves reads: evicting one whole takes every index that could use its layers. Adds their
 * entries to `entries` and returns the refs.
 */
export async function listRefsHoldingBytes(
  ctx: RunContext,
  entries: CacheEntry[],
  listed: readonly string[],
): Promise<string[]> {
  const { run, deps } = ctx
  let largest: CacheEntry[]
  try {
    largest = await ctx.bounded(
      deps.api.listLargest({ onPage: ctx.onPage }),
      'listing the largest entries',
    )
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    deps.log.info(
      singleLine(
        `Listing the largest entries failed (${deps.api.describeError(error)}); the budget takes from ${listed.join(', ')} alone`,
      ),
    )
    return []
  }
  const bytes = new Map<string, number>()
  for (const e of largest) {
    if (listed.includes(e.ref) || readByOtherRefs(e.ref, run.policy.defaultRef)) continue
    bytes.set(e.ref, (bytes.get(e.ref) ?? 0) + e.sizeInBytes)
  }
  const refs = [...bytes]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, BYTE_HOLDER_REFS)
    .map(([ref]) => ref)
  const added: string[] = []
  for (const ref of refs) {
    try {
      entries.push(
        ...(await ctx.bounded(deps.api.listCaches({ ref }, ctx.limited()), `listing ${ref}`)),
      )
      added.push(ref)
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw error
      deps.log.info(
        singleLine(
          error instanceof ListingTooLargeError
            ? `${ref} holds ${plural(error.total, 'cache entry', 'cache entries')}, more than the ${error.limit} this run reads: the budget leaves it to GitHub's eviction`
            : `Listing ${ref} failed (${deps.api.describeError(error)}); the budget leaves it alone`,
        ),
      )
    }
  }
  if (added.length > 0)
    deps.log.info(
      `The budget may also evict whole: ${added.join(', ')} (they hold the largest entries)`,
    )
  return added
}

/**
 * The refs the plan needs beyond those listed, each listed whole (a ref listed twice would hold
 * its entries twice): closed pull requests whose caches the run drops, and refs this job cannot
 * read with a generation superseded longer than prune-grace ago, which hold garbage (the post
 * step after an export must keep the generation it superseded, and so what only that one uses);
 * those are judged from markers and times (rule 5). Returns the policy with both.
 */
export async function listMoreRefs(
  ctx: RunContext,
  listings: Listings,
  listed: PruneOutcome['listed'],
  refStates: Map<string, RefState>,
  now: number,
): Promise<RunPolicy & Pick<PrunePolicy, 'evidenceRefs'>> {
  const { run, deps } = ctx
  const { entries } = listings
  const extra = new Set<string>()
  const listRef = async (ref: string): Promise<string | undefined> => {
    if (listed === 'repository' || listed.includes(ref) || extra.has(ref)) return undefined
    try {
      entries.push(
        ...(await ctx.bounded(deps.api.listCaches({ ref }, ctx.limited()), `listing ${ref}`)),
      )
      extra.add(ref)
      return undefined
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw error
      return deps.api.describeError(error)
    }
  }

  const dropRefs = [...run.policy.dropRefs]
  if (run.dropClosedPullRequests) {
    const closed = await ctx.bounded(
      closedPullRequests(
        [...entries, ...(listings.indexListing ?? [])].map((e) => e.ref),
        run.policy,
        refStates,
        deps.api,
        ctx.refStateLog,
      ),
      'asking which pull requests are closed',
    )
    for (const ref of closed) {
      const error = await listRef(ref)
      if (error === undefined) dropRefs.push(ref)
      else
        ctx.problems.push(`listing the caches of the closed pull request ${ref} failed: ${error}`)
    }
  }

  const evidenceRefs: string[] = []
  const indexes = listed === 'repository' ? entries : listings.indexListing
  if (indexes) {
    for (const ref of staleOutOfReachRefs(indexes, { ...run.policy, dropRefs }, now)) {
      const error = await listRef(ref)
      if (error === undefined) evidenceRefs.push(ref)
      else
        deps.log.info(
          singleLine(`Listing ${ref} failed (${error}); its garbage waits for another run`),
        )
    }
  }
  return { ...run.policy, dropRefs: dropRefs.sort(), evidenceRefs }
}
