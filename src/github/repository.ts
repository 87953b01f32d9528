/**
 * What pruning asks GitHub about the repository: whether a pull request is closed, whether a
 * branch still exists, the default branch, and (registry pruning) every branch and pull request.
 */
import { RequestError } from '@octokit/request-error'
import type { Repo } from './caches.js'
import type { GitHubOctokit } from './octokit.js'

export type PullRequestState = 'open' | 'closed'

/** A pull request's state, or undefined when GitHub does not know the number (404). */
export async function getPullRequestState(
  octokit: GitHubOctokit,
  repo: Repo,
  number: number,
): Promise<PullRequestState | undefined> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...repo,
      pull_number: number,
    })
    return data.state === 'closed' ? 'closed' : 'open'
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return undefined
    throw error
  }
}

/** Whether a branch exists (a 404 means it was deleted). */
export async function branchExists(
  octokit: GitHubOctokit,
  repo: Repo,
  branch: string,
): Promise<boolean> {
  try {
    await octokit.request('GET /repos/{owner}/{repo}/branches/{branch}', { ...repo, branch })
    return true
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return false
    throw error
  }
}

/** The repository's default branch name (`main`). */
export async function getDefaultBranch(octokit: GitHubOctokit, repo: Repo): Promise<string> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}', { ...repo })
  return data.default_branch
}

/** Every branch that exists, by name. */
export async function listBranches(octokit: GitHubOctokit, repo: Repo): Promise<string[]> {
  const branches = await octokit.paginate('GET /repos/{owner}/{repo}/branches', {
    ...repo,
    per_page: 100,
  })
  return branches.map((b) => b.name)
}

export interface PullRequestSummary {
  readonly number: number
  readonly state: PullRequestState
  /** ms; undefined while open. */
  readonly closedAt?: number
  /** The head branch when it is in this repository, not a fork's. */
  readonly headBranch?: string
}

/** Every pull request, open and closed. */
export async function listPullRequests(
  octokit: GitHubOctokit,
  repo: Repo,
): Promise<PullRequestSummary[]> {
  const pulls = await octokit.paginate('GET /repos/{owner}/{repo}/pulls', {
    ...repo,
    state: 'all',
    per_page: 100,
  })
  const own = `${repo.owner}/${repo.repo}`.toLowerCase()
  return pulls.map((pr) => {
    const closedAt = pr.closed_at ? Date.parse(pr.closed_at) : Number.NaN
    const fromHere = pr.head.repo?.full_name?.toLowerCase() === own
    return {
      number: pr.number,
      state: pr.state === 'closed' ? 'closed' : 'open',
      ...(Number.isNaN(closedAt) ? {} : { closedAt }),
      ...(fromHere ? { headBranch: pr.head.ref } : {}),
    }
  })
}
