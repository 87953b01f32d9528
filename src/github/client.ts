/**
 * One object for everything the action asks of GitHub's REST API, bound to a repository and a
 * token. Pruning and `type=local` take it (or the parts they use) as an argument, so their tests
 * can hand in a fake.
 */
import { describeError, isPermissionDenied, isRateLimited } from './errors.js'
import {
  type CacheEntry,
  type CacheUsage,
  type DeleteResult,
  type ListFilter,
  type ListOptions,
  type Repo,
  deleteCacheById,
  getCacheRetention,
  getCacheStorageLimit,
  getCacheUsage,
  listCaches,
  listLargest,
  listRecentlyUsed,
} from './caches.js'
import { type OctokitSettings, createOctokit } from './octokit.js'
import { ServerClock } from './server-clock.js'
import {
  type PullRequestState,
  type PullRequestSummary,
  branchExists,
  closedPullRequestsFrom,
  getDefaultBranch,
  getPullRequest,
  getPullRequestState,
  listBranches,
} from './repository.js'

export interface GitHubClient {
  listCaches(filter?: ListFilter, options?: ListOptions): Promise<CacheEntry[]>
  /** Entries created or used at or after `since`, most recently used first (caches.ts). */
  listRecentlyUsed(since: number, options?: Pick<ListOptions, 'onPage'>): Promise<CacheEntry[]>
  /** The first page of the repository's entries, largest first (caches.ts listLargest). */
  listLargest(options?: Pick<ListOptions, 'onPage'>): Promise<CacheEntry[]>
  deleteCache(id: number): Promise<DeleteResult>
  getCacheUsage(): Promise<CacheUsage>
  /** The repository's cache limit GitHub reports, in bytes (caches.ts getCacheStorageLimit). */
  getCacheStorageLimit(): Promise<number | undefined>
  /** How long the repository keeps unused entries, in ms (caches.ts getCacheRetention). */
  getCacheRetention(): Promise<number | undefined>
  getPullRequestState(number: number): Promise<PullRequestState | undefined>
  branchExists(branch: string): Promise<boolean>
  getDefaultBranch(): Promise<string>
  /** Every existing branch's name. */
  listBranches(): Promise<string[]>
  /** One pull request; undefined when GitHub does not know the number. */
  getPullRequest(number: number): Promise<PullRequestSummary | undefined>
  /** The closed pull requests whose head was this repository's `branch`. */
  closedPullRequestsFrom(branch: string): Promise<PullRequestSummary[]>
  /**
   * GitHub's time less the runner's, in ms, from the `Date` header of the answers so far
   * (server-clock.ts); undefined before the first answer.
   */
  clockOffset(): number | undefined
  /** A 403 that is not a rate limit. */
  isPermissionDenied(error: unknown): boolean
  /** A 429, or a 403 that says the rate limit was hit. */
  isRateLimited(error: unknown): boolean
  /** One line for an error of this client (status and GitHub's message). */
  describeError(error: unknown): string
}

/** `owner/name` → Repo, or an error naming what was wrong. */
export function parseRepository(repository: string): Repo {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository)
  if (!match) {
    throw new Error(`repository ${JSON.stringify(repository)} is not of the form "owner/name"`)
  }
  return { owner: match[1], repo: match[2] }
}

export function createGitHubClient(
  settings: OctokitSettings & {
    repository: string
    /** The runner's clock, against which GitHub's is measured (clockOffset); Date.now. */
    clock?: () => number
  },
): GitHubClient {
  const clock = settings.clock ?? Date.now
  const repo = parseRepository(settings.repository)
  const octokit = createOctokit(settings)
  const serverClock = new ServerClock()
  octokit.hook.after('request', (response) => {
    serverClock.observe(response.headers.date, clock())
  })
  octokit.hook.error('request', (error) => {
    const headers = (error as { response?: { headers?: Record<string, string | undefined> } })
      .response?.headers
    serverClock.observe(headers?.date, clock())
    throw error
  })
  return {
    listCaches: (filter, options) => listCaches(octokit, repo, filter, options),
    listRecentlyUsed: (since, options) => listRecentlyUsed(octokit, repo, since, options),
    listLargest: (options) => listLargest(octokit, repo, options),
    deleteCache: (id) => deleteCacheById(octokit, repo, id),
    getCacheUsage: () => getCacheUsage(octokit, repo),
    getCacheStorageLimit: () => getCacheStorageLimit(octokit, repo),
    getCacheRetention: () => getCacheRetention(octokit, repo),
    getPullRequestState: (number) => getPullRequestState(octokit, repo, number),
    branchExists: (branch) => branchExists(octokit, repo, branch),
    getDefaultBranch: () => getDefaultBranch(octokit, repo),
    listBranches: () => listBranches(octokit, repo),
    getPullRequest: (number) => getPullRequest(octokit, repo, number),
    closedPullRequestsFrom: (branch) => closedPullRequestsFrom(octokit, repo, branch),
    clockOffset: () => serverClock.offset(),
    isPermissionDenied,
    isRateLimited,
    describeError,
  }
}
