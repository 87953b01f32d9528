/**
 * Has this ref ended? The one place that answers it, for the Actions-cache pruner and registry
 * pruning alike: per ref, by asking GitHub about each pull request and branch (askRefStates), or
 * for every ref at once, from the repository's branch and pull request listings (refFates).
 */
import { forEachLimited, REQUEST_CONCURRENCY } from '../concurrency.js'
import type { PullRequestState } from './repository.js'
import {
  branchName,
  branchRef,
  mergeQueueBase,
  pullRequestNumber,
  pullRequestRef,
} from '../refs.js'

/** What GitHub says about a ref, asked only when a run needs it. */
export type RefState = 'closed-pr' | 'deleted-branch' | 'alive'

/** The REST calls that tell whether a ref has ended. */
export interface RefStateApi {
  getPullRequestState(number: number): Promise<PullRequestState | undefined>
  branchExists(branch: string): Promise<boolean>
  /** One line for an error of this API, for the log. */
  describeError(error: unknown): string
}

/** Where the answers go: each request counted, each problem said once. */
export interface RefStateLog {
  /** Called once per request. */
  onQuery(): void
  problems: string[]
}

const byState = (state: PullRequestState | undefined): RefState | undefined =>
  state === 'closed' ? 'closed-pr' : state === 'open' ? 'alive' : undefined

/**
 * The pull requests among the listed refs that GitHub says are closed, and the merge
 * queues' refs whose queue entry is gone (asking about each once), other than those the run drops
 * anyway: nothing reads their caches any more.
 */
export async function closedPullRequests(
  refsListed: Iterable<string>,
  policy: { defaultRef: string; dropRefs: readonly string[] },
  states: Map<string, RefState>,
  api: RefStateApi,
  log: RefStateLog,
): Promise<Set<string>> {
  const dropping = new Set(policy.dropRefs)
  const queue = (ref: string) => mergeQueueBase(ref) !== undefined
  const refs = [...new Set(refsListed)]
    .filter((ref) => (pullRequestNumber(ref) !== undefined || queue(ref)) && !dropping.has(ref))
    .sort()
  await askRefStates(refs, policy.defaultRef, states, api, log)
  return new Set(
    refs.filter(
      (ref) =>
        states.get(ref) === 'closed-pr' || (queue(ref) && states.get(ref) === 'deleted-branch'),
    ),
  )
}

/**
 * Asks whether pull requests are closed and branches deleted, a few at a time. A branch counts as
 * deleted only when the default branch answers as present: a token without `contents: read` may
 * get 404s for branches that exist, and a 404 there must not delete a live branch's cache.
 */
export async function askRefStates(
  refs: readonly string[],
  defaultRef: string,
  states: Map<string, RefState>,
  api: RefStateApi,
  { onQuery, problems }: RefStateLog,
): Promise<void> {
  let failures = 0
  let firstError = ''
  let branchesVisible: Promise<boolean> | undefined
  const canSeeBranches = () =>
    (branchesVisible ??= (async () => {
      const branch = branchName(defaultRef)
      onQuery()
      const visible = branch !== undefined && (await api.branchExists(branch))
      if (!visible) {
        problems.push(
          `the default branch ${defaultRef} is not visible to the token (contents: read is needed), so no branch was treated as deleted`,
        )
      }
      return visible
    })().catch((error: unknown) => {
      problems.push(
        `the branch lookups are unavailable (${api.describeError(error)}), so no branch was treated as deleted`,
      )
      return false
    }))
  await forEachLimited(refs, REQUEST_CONCURRENCY, async (ref) => {
    const number = pullRequestNumber(ref)
    const branch = branchName(ref)
    try {
      let state: RefState | undefined
      if (number !== undefined) {
        onQuery()
        state = byState(await api.getPullRequestState(number))
      } else if (branch !== undefined && (await canSeeBranches())) {
        onQuery()
        state = (await api.branchExists(branch)) ? 'alive' : 'deleted-branch'
      }
      if (state !== undefined) states.set(ref, state)
    } catch (error) {
      failures++
      firstError ||= api.describeError(error)
    }
  })
  if (failures > 0) {
    problems.push(
      `${failures} of ${refs.length} pull request or branch lookups failed (first: ${firstError}); those refs were treated as alive`,
    )
  }
}

/** How a ref ended: when, and what to say about it. */
export interface Ending {
  readonly at: number
  readonly why: string
}

/** A git ref whose cache tags the pruner may meet; without `ended` it is live. */
export interface RefFate {
  readonly ref: string
  readonly ended?: Ending
}

/**
 * Which refs are live and which ended, from what GitHub says of the repository's branches and
 * pull requests. Pure. A deleted branch is known by the pull requests that came from it (most
 * branches end as a merged pull request's head); a branch deleted without one is not known, and
 * its tags are left alone.
 */
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
