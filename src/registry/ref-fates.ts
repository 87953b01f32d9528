/**
 * Which refs are live and which ended, from what GitHub says of the repository's branches and
 * pull requests. Pure. A deleted branch is known by the pull requests that came from it (most
 * branches end as a merged pull request's head); a branch deleted without one is not known, and
 * its tags are left alone.
 */
import { branchRef, pullRequestRef } from '../refs.js'
import type { RefFate } from './tags.js'

export interface PullRequestFacts {
  readonly number: number
  readonly state: 'open' | 'closed'
  /** ms; undefined for an open pull request. */
  readonly closedAt?: number
  /** The head branch, when it is in this repository (not a fork). */
  readonly headBranch?: string
}

export interface RepositoryFacts {
  readonly defaultBranch: string
  /** The branches that exist now. */
  readonly branches: readonly string[]
  readonly pullRequests: readonly PullRequestFacts[]
}

export function refFates(facts: RepositoryFacts): RefFate[] {
  const live = new Set([facts.defaultBranch, ...facts.branches])
  const fates: RefFate[] = [...live].map((b) => ({ ref: branchRef(b) }))
  const deleted = new Map<string, { at: number; number: number }>()
  for (const pr of facts.pullRequests) {
    const ref = pullRequestRef(pr.number)
    if (pr.state === 'open' || pr.closedAt === undefined) {
      fates.push({ ref })
      continue
    }
    fates.push({ ref, ended: { at: pr.closedAt, why: `pull request #${pr.number} closed` } })
    const head = pr.headBranch
    if (head === undefined || live.has(head)) continue
    const there = deleted.get(head)
    if (!there || there.at < pr.closedAt) deleted.set(head, { at: pr.closedAt, number: pr.number })
  }
  for (const [branch, { at, number }] of deleted) {
    fates.push({
      ref: branchRef(branch),
      ended: { at, why: `branch ${branch} deleted (head of pull request #${number})` },
    })
  }
  return fates
}
