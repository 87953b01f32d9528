/**
 * GitHub's REST API for Actions caches (`/repos/{owner}/{repo}/actions/caches`): a complete
 * listing or none, delete by id, repository usage. General on purpose: pruning and `type=local`
 * rotation both use it.
 */
import { describeError } from './errors.js'
import { forEachLimited, REQUEST_CONCURRENCY } from '../concurrency.js'
import { RequestError } from '@octokit/request-error'
import type { GitHubOctokit } from './octokit.js'

/** One cache entry as the REST listing reports it; times in ms since the epoch. */
export interface CacheEntry {
  id: number
  /** The cache scope the entry lives in: `refs/heads/<branch>`, `refs/pull/<n>/merge`, … */
  ref: string
  key: string
  version: string
  createdAt: number
  lastAccessedAt: number
  sizeInBytes: number
}

export interface Repo {
  owner: string
  repo: string
}

/** The most the API returns per page. */
export const PAGE_SIZE = 100

/** A listing that cannot be trusted to hold every entry; nothing may be deleted on its basis. */
export class IncompleteListingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`cache listing incomplete: ${message}`, options)
    this.name = 'IncompleteListingError'
  }
}

/**
 * A listing that holds more entries than its reader set out to read (ListOptions.maxEntries):
 * read no further than its first page, and not retried.
 */
export class ListingTooLargeError extends Error {
  constructor(
    readonly total: number,
    readonly limit: number,
  ) {
    super(`${total} entries, more than the ${limit} worth reading`)
    this.name = 'ListingTooLargeError'
  }
}

export interface ListFilter {
  /** A key prefix (the API matches "an explicit key or prefix"). */
  key?: string
  /** Only entries of this cache scope. */
  ref?: string
}

export interface ListOptions {
  /** Pages fetched at once after the first. */
  concurrency?: number
  /** Whole-listing attempts when the listing changes under the reader. */
  attempts?: number
  /** Called once per page request (for request accounting in benchmarks). */
  onPage?: (page: number) => void
  /**
   * The most entries worth reading: when the first page's total is larger, the listing stops
   * there with ListingTooLargeError (one request, not one per hundred entries).
   */
  maxEntries?: number
}

interface Page {
  total: number
  entries: CacheEntry[]
}

type RawEntry = {
  id?: number
  ref?: string
  key?: string
  version?: string
  created_at?: string | null
  last_accessed_at?: string | null
  size_in_bytes?: number
}

/** A time as GitHub writes it: ISO 8601 with its zone (`Z` or an offset). */
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i

/**
 * A listed time in ms, or NaN. A time without a zone would be read in the runner's zone, hours
 * off: that is a defect of the listing, not a time (rule 3 of docs/pruning-rules.md).
 */
export function parseListedTime(value: unknown): number {
  if (typeof value !== 'string' || !ZONED.test(value.trim())) return Number.NaN
  return Date.parse(value.trim())
}

/**
 * `servedAt`: GitHub's time when it answered the page. An entry whose last use is not given
 * (null or absent) counts as used then: unknown means "just used", never "unused since created".
 */
function toEntry(raw: RawEntry, page: number, servedAt: number): CacheEntry {
  const createdAt = parseListedTime(raw.created_at)
  const unknownUse = raw.last_accessed_at === null || raw.last_accessed_at === undefined
  const lastAccessedAt = unknownUse
    ? Math.max(createdAt, servedAt)
    : parseListedTime(raw.last_accessed_at)
  if (
    typeof raw.id !== 'number' ||
    typeof raw.ref !== 'string' ||
    typeof raw.key !== 'string' ||
    Number.isNaN(createdAt) ||
    Number.isNaN(lastAccessedAt)
  ) {
    // An entry we cannot place or date could be anything; the whole listing is unusable.
    throw new IncompleteListingError(
      `page ${page} holds an entry without id, ref, key or dates with a time zone`,
    )
  }
  return {
    id: raw.id,
    ref: raw.ref,
    key: raw.key,
    version: raw.version ?? '',
    createdAt,
    lastAccessedAt,
    sizeInBytes: raw.size_in_bytes ?? 0,
  }
}

async function fetchPage(
  octokit: GitHubOctokit,
  repo: Repo,
  filter: ListFilter,
  page: number,
  order: 'oldest-created-first' | 'last-used-first' | 'largest-first' = 'oldest-created-first',
): Promise<Page> {
  const { data, headers } = await octokit.request('GET /repos/{owner}/{repo}/actions/caches', {
    ...repo,
    ...(filter.key === undefined ? {} : { key: filter.key }),
    ...(filter.ref === undefined ? {} : { ref: filter.ref }),
    // Oldest first for a whole listing: entries created while we read land on the last pages, so
    // the earlier pages do not shift under us (last access first reorders on every lookup).
    ...(order === 'oldest-created-first'
      ? { sort: 'created_at' as const, direction: 'asc' as const }
      : order === 'largest-first'
        ? { sort: 'size_in_bytes' as const, direction: 'desc' as const }
        : { sort: 'last_accessed_at' as const, direction: 'desc' as const }),
    per_page: PAGE_SIZE,
    page,
  })
  if (typeof data?.total_count !== 'number' || !Array.isArray(data.actions_caches)) {
    throw new IncompleteListingError(`page ${page} is not a cache list`)
  }
  // GitHub's time of the answer; without a Date header, the runner's.
  const served = Date.parse(headers.date ?? '')
  const servedAt = Number.isNaN(served) ? Date.now() : served
  return {
    total: data.total_count,
    entries: data.actions_caches.map((e) => toEntry(e as RawEntry, page, servedAt)),
  }
}

/**
 * Checks that the pages add up to one listing: every page but the last is full, the last holds
 * the rest of its total, no entry appears twice, and no total shrank (a deletion between two
 * page reads shifts later entries onto pages already read, so one would be missed). Totals that
 * grow are fine: with oldest-first order, new entries only land on the last pages.
 */
export function checkPages(pages: Page[]): string | undefined {
  const first = pages[0]
  if (first === undefined) return 'no page was read'
  const last = pages[pages.length - 1]
  for (const [i, page] of pages.entries()) {
    if (page.total < first.total) return `the total fell from ${first.total} to ${page.total}`
    if (i < pages.length - 1 && page.entries.length !== PAGE_SIZE) {
      return `page ${i + 1} of ${pages.length} returned ${page.entries.length} of ${PAGE_SIZE} entries`
    }
  }
  const expectedLast = last.total - PAGE_SIZE * (pages.length - 1)
  if (last.entries.length !== Math.max(0, expectedLast) || expectedLast > PAGE_SIZE) {
    return `the last page (${pages.length}) returned ${last.entries.length} entries where the total of ${last.total} needs ${expectedLast}`
  }
  const ids = new Set<number>()
  for (const page of pages) {
    for (const entry of page.entries) {
      if (ids.has(entry.id)) return `entry ${entry.id} appeared twice`
      ids.add(entry.id)
    }
  }
  return undefined
}

async function listOnce(
  octokit: GitHubOctokit,
  repo: Repo,
  filter: ListFilter,
  options: ListOptions,
): Promise<CacheEntry[]> {
  const read = async (page: number) => {
    options.onPage?.(page)
    pages[page - 1] = await fetchPage(octokit, repo, filter, page)
  }
  const pages: Page[] = []
  await read(1)
  if (options.maxEntries !== undefined && pages[0].total > options.maxEntries)
    throw new ListingTooLargeError(pages[0].total, options.maxEntries)
  let count = Math.max(1, Math.ceil(pages[0].total / PAGE_SIZE))
  const rest = Array.from({ length: count - 1 }, (_, i) => i + 2)
  await forEachLimited(rest, options.concurrency ?? REQUEST_CONCURRENCY, read)
  // Entries created while we read can push the total past what page 1 promised.
  for (;;) {
    const needed = Math.max(...pages.map((p) => Math.ceil(p.total / PAGE_SIZE)))
    if (needed <= count) break
    await read(++count)
  }
  const problem = checkPages(pages)
  if (problem !== undefined) throw new IncompleteListingError(problem)
  return pages.flatMap((p) => p.entries)
}

/**
 * Every cache entry matching `filter`, or an error (rule 3 of docs/pruning-rules.md): a failed
 * page or a listing whose pages do not add up throws IncompleteListingError (after `attempts` tries for the latter), so a caller
 * never acts on a partial view.
 */
export async function listCaches(
  octokit: GitHubOctokit,
  repo: Repo,
  filter: ListFilter = {},
  options: ListOptions = {},
): Promise<CacheEntry[]> {
  const attempts = options.attempts ?? 3
  for (let attempt = 1; ; attempt++) {
    try {
      return await listOnce(octokit, repo, filter, options)
    } catch (error) {
      if (error instanceof IncompleteListingError && attempt < attempts) continue
      if (error instanceof IncompleteListingError || error instanceof ListingTooLargeError)
        throw error
      throw new IncompleteListingError(`a page could not be read (${describeError(error)})`, {
        cause: error,
      })
    }
  }
}

/**
 * The entries created or used at or after `since` (ms), most recently used first: the first pages
 * of the listing by last access, read until an entry older than `since` (GitHub sets
 * `last_accessed_at` at creation too). What pruning re-checks its plan against before deleting
 * (rule 10 of docs/pruning-rules.md). Not a whole listing: an entry used while the pages are read
 * moves to page 1, already read, and is seen as it was; one deleted meanwhile may shift another
 * past a page boundary, which only matters with more than a page of recent entries.
 */
export async function listRecentlyUsed(
  octokit: GitHubOctokit,
  repo: Repo,
  since: number,
  options: Pick<ListOptions, 'onPage'> = {},
): Promise<CacheEntry[]> {
  const seen = new Map<number, CacheEntry>()
  for (let page = 1; ; page++) {
    options.onPage?.(page)
    let result: Page
    try {
      result = await fetchPage(octokit, repo, {}, page, 'last-used-first')
    } catch (error) {
      if (error instanceof IncompleteListingError) throw error
      throw new IncompleteListingError(`a page could not be read (${describeError(error)})`, {
        cause: error,
      })
    }
    let older = false
    for (const entry of result.entries) {
      if (Math.max(entry.lastAccessedAt, entry.createdAt) < since) older = true
      else if (!seen.has(entry.id)) seen.set(entry.id, entry)
    }
    if (older || result.entries.length < PAGE_SIZE || page * PAGE_SIZE >= result.total) break
  }
  return [...seen.values()]
}

/**
 * The repository's largest entries: the first page of the listing by size, largest first (one
 * request). Where the bytes are when the repository holds too many entries to list whole (rule 12
 * of docs/pruning-rules.md): a flood of small entries does not push a ref's layers off it.
 */
export async function listLargest(
  octokit: GitHubOctokit,
  repo: Repo,
  options: Pick<ListOptions, 'onPage'> = {},
): Promise<CacheEntry[]> {
  options.onPage?.(1)
  try {
    return (await fetchPage(octokit, repo, {}, 1, 'largest-first')).entries
  } catch (error) {
    if (error instanceof IncompleteListingError) throw error
    throw new IncompleteListingError(`a page could not be read (${describeError(error)})`, {
      cause: error,
    })
  }
}

/** What became of a delete: gone now, or already gone before we asked. */
export type DeleteResult = 'deleted' | 'missing'

/**
 * Deletes one entry by id. Never by key: a key delete removes that key in every ref
 * (docs/github-cache.md §3). A 404 means somebody (GitHub's eviction, another run) was first.
 */
export async function deleteCacheById(
  octokit: GitHubOctokit,
  repo: Repo,
  id: number,
): Promise<DeleteResult> {
  try {
    await octokit.request('DELETE /repos/{owner}/{repo}/actions/caches/{cache_id}', {
      ...repo,
      cache_id: id,
    })
    return 'deleted'
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return 'missing'
    throw error
  }
}

export interface CacheUsage {
  activeBytes: number
  activeCount: number
}

/** The repository's cache usage. GitHub refreshes it about every 5 minutes. */
export async function getCacheUsage(octokit: GitHubOctokit, repo: Repo): Promise<CacheUsage> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/cache/usage', {
    ...repo,
  })
  return {
    activeBytes: data.active_caches_size_in_bytes,
    activeCount: data.active_caches_count,
  }
}

/**
 * The repository's cache storage limit as GitHub reports it (`max_cache_size_gb`, set by an
 * administrator since pay-as-you-go caches), in bytes (GB as 10^9, as cache-limit reads it);
 * undefined when the answer is not a positive number. 402, 403 and 404 (no such feature, no
 * permission) are errors for the caller to fall back on.
 */
export async function getCacheStorageLimit(
  octokit: GitHubOctokit,
  repo: Repo,
): Promise<number | undefined> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/cache/storage-limit', {
    ...repo,
  })
  const gb = (data as { max_cache_size_gb?: unknown } | undefined)?.max_cache_size_gb
  return typeof gb === 'number' && Number.isFinite(gb) && gb > 0 ? gb * 1e9 : undefined
}

/**
 * How long the repository's cache keeps an entry nobody uses, as GitHub reports it
 * (`max_cache_retention_days`, 7 unless an administrator changed it), in ms; undefined when the
 * answer is not a positive number.
 */
export async function getCacheRetention(
  octokit: GitHubOctokit,
  repo: Repo,
): Promise<number | undefined> {
  const { data } = await octokit.request(
    'GET /repos/{owner}/{repo}/actions/cache/retention-limit',
    { ...repo },
  )
  const days = (data as { max_cache_retention_days?: unknown } | undefined)
    ?.max_cache_retention_days
  return typeof days === 'number' && Number.isFinite(days) && days > 0
    ? days * 86_400_000
    : undefined
}
