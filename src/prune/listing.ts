/**
 * What a run lists (rules 3 and 12): whether the budget needs the whole repository or the run's
 * own refs are enough (the usage endpoint, a budget note), the repository's index entries and
 * markers, the entries, and the index entries again to find what the pages missed.
 */
import { INDEX_KEY_PREFIX } from '../buildkit/keys.js'
import { ListingTooLargeError, type CacheEntry } from '../github/caches.js'
import { singleLine } from '../runner/log-line.js'
import { formatBytes, plural } from '../units.js'
import { BUDGET_BACKOFF_MS, NOTE_KEY_PREFIX, parseNote } from './budget-note.js'
import { DeadlineExceeded } from './deadline.js'
import { MARKER_KEY_PREFIX, MARKER_VERSION } from './marker.js'
import { writesNotes } from './own-writes.js'
import type { Listings, PruneOutcome, RunContext, RunPolicy } from './run-context.js'
import { canRead, readByOtherRefs } from '../refs.js'

/**
 * Whether refs this job cannot read may hold indexes that use blobs of the refs it prunes: any
 * ref may read the default branch, and a pull request any branch (refs.ts canRead). Then the
 * repository's index entries tell orphan-age which blobs such indexes could use.
 */
export function needsIndexListing(policy: RunPolicy): boolean {
  const readable = new Set(policy.readableRefs)
  return policy.pruneRefs.some(
    (ref) => readable.has(ref) && readByOtherRefs(ref, policy.defaultRef),
  )
}

/** The refs whose live indexes may reference blobs in the refs this run prunes. */
export function refsToList(policy: RunPolicy): string[] {
  const refs = new Set([...policy.pruneRefs, ...policy.dropRefs])
  for (const reader of policy.readableRefs) {
    if (policy.pruneRefs.some((owner) => canRead(reader, owner, policy.defaultRef)))
      refs.add(reader)
  }
  return [...refs].sort()
}

/**
 * How much to list: the usage endpoint (one request, lags ~5 minutes) says whether the budget
 * needs the whole repository; otherwise the refs this run prunes are enough. A budget note can
 * make a post step back off to its own refs (rule 12).
 */
export async function decideListing(
  ctx: RunContext,
): Promise<{ listed: PruneOutcome['listed']; reportedUsageBytes?: number; ownBudget: boolean }> {
  const { run, deps } = ctx
  let whole = false
  let ownBudget = false
  let reportedUsageBytes: number | undefined
  if (!run.dropOnly) {
    try {
      ctx.requests.usage++
      const usage = await ctx.bounded(deps.api.getCacheUsage(), 'asking for usage')
      reportedUsageBytes = usage.activeBytes
      whole = reportedUsageBytes > run.policy.targetBytes
      if (whole && run.listLimit !== undefined && usage.activeCount > run.listLimit) {
        whole = false
        ownBudget = true
        ctx.notices.push(
          `The repository holds ${usage.activeCount} cache entries, more than the ${run.listLimit} this run lists (rule 12 of docs/pruning-rules.md): to bring usage under prune-target it takes only from its own refs (superseded generations, then layers no live index it knows may use, least recently used first)`,
        )
      }
      deps.log.debug(
        `usage endpoint: ${formatBytes(reportedUsageBytes)}, target ${formatBytes(run.policy.targetBytes)}`,
      )
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw error
      // Without usage, list everything: the budget can then be checked from the listing itself.
      deps.log.debug(
        `usage endpoint failed (${deps.api.describeError(error)}); listing the repository`,
      )
      whole = true
    }
  }
  if (whole && run.backOff) {
    const until = await backOffUntil(ctx)
    if (until !== undefined) {
      whole = false
      ctx.notices.push(
        `A run at ${new Date(until - BUDGET_BACKOFF_MS).toISOString()} could not bring usage under prune-target; until ${new Date(until).toISOString()} post steps prune only their own ref (the scheduled prune still lists the repository)`,
      )
    }
  }
  return {
    listed: whole
      ? 'repository'
      : ownBudget
        ? // The budget takes from the refs whose live indexes the job reads (rule 12).
          [...new Set([...refsToList(run.policy), ...run.policy.readableRefs])].sort()
        : refsToList(run.policy),
    ...(reportedUsageBytes === undefined ? {} : { reportedUsageBytes }),
    ownBudget,
  }
}

/**
 * Whether a budget note (budget-note.ts) says post steps are backing off: one listing of the
 * notes' key prefix. Until when, or undefined (also when the listing fails: then the run lists
 * the repository as it would without the note).
 */
async function backOffUntil(ctx: RunContext): Promise<number | undefined> {
  const { deps } = ctx
  try {
    const notes = await ctx.bounded(
      deps.api.listCaches({ key: NOTE_KEY_PREFIX }, ctx.limited()),
      'listing the budget notes',
    )
    const now = ctx.githubNow()
    // Only branches' post steps save notes, and only a push can write a branch's entries: a pull
    // request's ref (a fork's, too) cannot turn the budget off. No note counts beyond one
    // back-off from now, whatever its key says.
    const until = Math.max(
      -Infinity,
      ...notes
        .filter((e) => e.version === MARKER_VERSION && writesNotes(e.ref))
        .map((e) => parseNote(e.key) ?? -Infinity),
    )
    return until > now ? Math.min(until, now + BUDGET_BACKOFF_MS) : undefined
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    deps.log.debug(`listing the budget notes failed (${deps.api.describeError(error)})`)
    return undefined
  }
}

/**
 * Indexes of refs this job cannot read: one listing by key prefix, every ref, with the markers
 * that declare what some of them reference (rule 5). Without it (or when it fails) orphan-age
 * keeps every unreferenced blob others may read (rule 6). It comes before the entries: every
 * index it holds then did its lookups before the blobs' last uses were read, so those times show
 * them.
 */
export async function listIndexesAndMarkers(
  ctx: RunContext,
  listed: PruneOutcome['listed'],
): Promise<Omit<Listings, 'entries'>> {
  const { run, deps } = ctx
  if (listed === 'repository' || !needsIndexListing(run.policy)) return {}
  try {
    const indexListing = await ctx.bounded(
      deps.api.listCaches({ key: INDEX_KEY_PREFIX }, ctx.limited()),
      'listing the index entries',
    )
    const markerListing = await ctx.bounded(
      deps.api.listCaches({ key: MARKER_KEY_PREFIX }, ctx.limited()),
      'listing the markers',
    )
    deps.log.debug(
      `Listed ${indexListing.length} index entries and ${markerListing.length} markers of the repository`,
    )
    return { indexListing, markerListing }
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    if (error instanceof ListingTooLargeError) {
      ctx.notices.push(
        `The repository holds ${plural(error.total, 'entry', 'entries')} under one key prefix of this action (index entries or markers), more than the ${error.limit} this run reads: orphan-age keeps every unreferenced blob other refs may read (rule 6 of docs/pruning-rules.md). A pull request writing entries in a loop, a fork's included, does this; once it closes, prune drops its entries`,
      )
      return {}
    }
    deps.log.info(
      singleLine(
        `Listing the repository's index entries failed (${deps.api.describeError(error)}); orphan-age keeps every unreferenced blob other refs may read`,
      ),
    )
    return {}
  }
}

/** The entries of the repository or of the listed refs; undefined (and a problem) when that failed. */
export async function listEntries(
  ctx: RunContext,
  listed: PruneOutcome['listed'],
): Promise<CacheEntry[] | undefined> {
  const { api, log } = ctx.deps
  let entries: CacheEntry[]
  try {
    if (listed === 'repository') {
      entries = await ctx.bounded(api.listCaches({}, ctx.limited(2)), 'listing the caches')
    } else {
      entries = []
      for (const ref of listed) {
        entries.push(
          ...(await ctx.bounded(
            api.listCaches({ ref }, { onPage: ctx.onPage }),
            'listing the caches',
          )),
        )
      }
    }
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    ctx.problems.push(
      `listing the caches failed, so nothing was deleted: ${api.describeError(error)}`,
    )
    return undefined
  }
  log.info(
    singleLine(
      `Listed ${entries.length} cache entries (${listed === 'repository' ? 'whole repository' : listed.join(', ')})`,
    ),
  )
  return entries
}

/**
 * Rule 3: a listing is pages read at different times. An entry deleted before a page is read
 * shifts the next onto the page before, already read, and an entry created meanwhile keeps the
 * total: the pages add up and one entry was never seen. Only a missed index costs anything (the
 * generation before it would pass for the newest, and the blobs only it uses for garbage), so
 * the indexes are listed again after the entries, the whole repository's when the run needs them
 * (and the two index listings are merged), else each listed ref's. An index of a listed ref
 * that the entries missed is added to them and judged as if listed; one the first index listing
 * missed joins it. When this second listing fails, nothing is deleted: false.
 */
export async function relistIndexes(
  ctx: RunContext,
  listings: Listings,
  listed: PruneOutcome['listed'],
): Promise<boolean> {
  const { api } = ctx.deps
  let again: CacheEntry[]
  try {
    if (listed === 'repository' || listings.indexListing) {
      again = await ctx.bounded(
        api.listCaches({ key: INDEX_KEY_PREFIX }, ctx.limited(2)),
        'listing the index entries again',
      )
    } else {
      again = []
      for (const ref of listed) {
        again.push(
          ...(await ctx.bounded(
            api.listCaches({ key: INDEX_KEY_PREFIX, ref }, { onPage: ctx.onPage }),
            'listing the index entries again',
          )),
        )
      }
    }
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    ctx.problems.push(
      `listing the index entries again (to check the listing) failed, so nothing was deleted: ${api.describeError(error)}`,
    )
    return false
  }
  if (listings.indexListing) {
    const known = new Set(listings.indexListing.map((e) => e.id))
    const missed = again.filter((e) => !known.has(e.id))
    if (missed.length > 0) listings.indexListing = [...listings.indexListing, ...missed]
  }
  addMissed(ctx, listings.entries, again, (ref) => listed === 'repository' || listed.includes(ref))
  return true
}

/**
 * Adds to `entries` the indexes among `candidates` in refs they cover that they do not hold, with
 * one notice (rule 3).
 */
export function addMissed(
  ctx: RunContext,
  entries: CacheEntry[],
  candidates: readonly CacheEntry[],
  covers: (ref: string) => boolean,
): void {
  const ids = new Set(entries.map((e) => e.id))
  const missed = candidates.filter(
    (e) => !ids.has(e.id) && e.key.startsWith(INDEX_KEY_PREFIX) && covers(e.ref),
  )
  if (missed.length === 0) return
  // Back in listing order (oldest first): a group's generations are decided in it (rule 8).
  entries.push(...missed)
  entries.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
  ctx.notices.push(
    singleLine(
      `The listing missed ${plural(missed.length, 'index entry', 'index entries')} that a second listing holds (first: ${missed[0].key} in ${missed[0].ref}; entries moved between pages while they were read): added, and judged as listed`,
    ),
  )
}
