/**
 * What pruning asks GitHub about the repository: whether a pull request is closed, whether a
 * branch still exists, the default branch, when the workflow run started.
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
