/**
 * What pruning asks GitHub about the repository: whether a pull request is closed, whether a
 * branch still exists, the default branch, and (registry pruning) every branch, one pull request,
 * and the closed pull requests a branch was the head of.
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
  return (await getPullRequest(octokit, repo, number))?.state
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

/** One pull request, or undefined when GitHub does not know the number (404). */
export async function getPullRequest(
  octokit: GitHubOctokit,
  repo: Repo,
  number: number,
): Promise<PullRequestSummary | undefined> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...repo,
      pull_number: number,
    })
    return summaryOf(data, repo)
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return undefined
    throw error
  }
}

/** The closed pull requests whose head was `branch` of this repository (one page, newest first). */
export async function closedPullRequestsFrom(
  octokit: GitHubOctokit,
  repo: Repo,
  branch: string,
): Promise<PullRequestSummary[]> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls', {
    ...repo,
    state: 'closed',
    head: `${repo.owner}:${branch}`,
    per_page: 100,
  })
  return data.map((pr) => summaryOf(pr, repo)).filter((pr) => pr.headBranch === branch)
}

interface RestPull {
  number: number
  state: string
  closed_at: string | null
  head?: { ref: string; repo: { full_name?: string } | null }
}

function summaryOf(pr: RestPull, repo: Repo): PullRequestSummary {
  const own = `${repo.owner}/${repo.repo}`.toLowerCase()
  const closedAt = pr.closed_at ? Date.parse(pr.closed_at) : Number.NaN
  const fromHere = pr.head?.repo?.full_name?.toLowerCase() === own
  return {
    number: pr.number,
    state: pr.state === 'closed' ? 'closed' : 'open',
    ...(Number.isNaN(closedAt) ? {} : { closedAt }),
    ...(fromHere && pr.head ? { headBranch: pr.head.ref } : {}),
  }
}
