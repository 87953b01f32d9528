/**
 * A registry pruning run of `prune` (type registry): learn which refs live and which ended, then
 * prune each cache repository. On `pull_request: closed` the closed pull request's tags are the
 * only ones that may go; on any other event (schedule, workflow_dispatch) the tags of every closed
 * pull request and of every deleted branch it can tell, each once it ended prune-grace ago.
 * GitHub is asked only about what the tags name (each pull request a tag names, each branch a tag
 * names that no longer exists), never for every pull request the repository ever had: a sweep's
 * requests grow with the cache tags, not with the repository's history.
 * Failures become warnings; one repository's failure does not stop the next.
 */
import type { ImageRef } from '../cache-options/image-ref.js'
import type { GitHubClient } from '../github/client.js'
import type { RegistryPruneSettings } from '../inputs.js'
import type { Trigger } from '../prune/request.js'
import { type RegistryOutcome, pruneRegistry } from './tag-pruner.js'
import type { CacheRegistry } from './registry.js'
import { type PullRequestFacts, type RepositoryFacts, refFates } from '../github/ref-states.js'
import { registryTag } from '../cache-options/plan.js'
import { branchRef, pullRequestRef } from '../refs.js'

export interface RegistryRunRequest {
  readonly targets: RegistryPruneSettings
  readonly trigger: Trigger
  readonly graceMs: number
  readonly dryRun: boolean
  /** From the event payload, when it says. */
  readonly defaultBranch?: string
}

export interface RegistryRunDeps {
  readonly github: Pick<
    GitHubClient,
    | 'getDefaultBranch'
    | 'listBranches'
    | 'getPullRequest'
    | 'closedPullRequestsFrom'
    | 'describeError'
  >
  registryFor(image: ImageRef): Promise<CacheRegistry>
  readonly clock: () => number
  readonly log: { info(line: string): void; debug(line: string): void }
}

export interface RegistryRunResult {
  readonly outcomes: readonly RegistryOutcome[]
  readonly warnings: readonly string[]
}

export async function runRegistryPrune(
  request: RegistryRunRequest,
  deps: RegistryRunDeps,
): Promise<RegistryRunResult> {
  const warnings: string[] = []
  const registries = new Map<ImageRef, Promise<CacheRegistry>>()
  const registryFor = (image: ImageRef) => {
    let registry = registries.get(image)
    if (!registry) registries.set(image, (registry = deps.registryFor(image)))
    return registry
  }
  let facts: RepositoryFacts
  try {
    facts = await repositoryFacts(request, deps, registryFor)
  } catch (error) {
    warnings.push(
      `registry pruning: could not learn the repository's branches and pull requests, so no tag is deleted: ${deps.github.describeError(error)}`,
    )
    return { outcomes: [], warnings }
  }
  const refs = refFates(facts)
  const ended = refs.filter((r) => r.ended).length
  deps.log.info(
    `Refs: ${refs.length - ended} live, ${ended} ended (closed pull requests, deleted branches); scopes: ${request.targets.scopes.join(', ')}`,
  )
  const outcomes: RegistryOutcome[] = []
  for (const image of request.targets.repositories) {
    let registry: CacheRegistry | undefined
    try {
      registry = await registryFor(image)
      const outcome = await pruneRegistry(registry, {
        image,
        scopes: request.targets.scopes,
        refs,
        graceMs: request.graceMs,
        waitAfterEnd: request.trigger.kind !== 'pull-request-closed',
        dryRun: request.dryRun,
        clock: deps.clock,
        log: deps.log,
      })
      outcomes.push(outcome)
      if (outcome.refused) warnings.push(outcome.refused)
      if (outcome.failed.length > 0) {
        warnings.push(
          `${outcome.failed.length} deletes in ${outcome.repository} failed, the first: ${outcome.failed[0]!.error}`,
        )
      }
    } catch (error) {
      const what = registry?.describeError(error) ?? deps.github.describeError(error)
      warnings.push(`registry pruning of ${image.name} stopped: ${what}`)
    }
  }
  return { outcomes, warnings }
}

async function repositoryFacts(
  request: RegistryRunRequest,
  deps: RegistryRunDeps,
  registryFor: (image: ImageRef) => Promise<CacheRegistry>,
): Promise<RepositoryFacts> {
  const defaultBranch = request.defaultBranch ?? (await deps.github.getDefaultBranch())
  const branches = await deps.github.listBranches()
  if (request.trigger.kind === 'pull-request-closed') {
    // The event is the end; other pull requests are the next sweep's.
    const now = deps.clock()
    return {
      defaultBranch,
      branches,
      pullRequests: [{ number: request.trigger.number, state: 'closed', closedAt: now }],
    }
  }
  const named = await namedRefs(request, registryFor, new Set([defaultBranch, ...branches]))
  const pullRequests = new Map<number, PullRequestFacts>()
  for (const number of named.pullRequests) {
    const pr = await deps.github.getPullRequest(number)
    if (pr) pullRequests.set(pr.number, pr)
  }
  for (const branch of named.branches) {
    for (const pr of await deps.github.closedPullRequestsFrom(branch))
      pullRequests.set(pr.number, pr)
  }
  deps.log.debug(
    `Asked GitHub about ${named.pullRequests.length} pull requests and ${named.branches.length} deleted branches the tags name`,
  )
  return { defaultBranch, branches, pullRequests: [...pullRequests.values()] }
}

/**
 * The pull requests and the branches (not among `live`) that the cache repositories' tags name:
 * a tag `<ref's tag>-<scope>-<slug>` names pull request N when the slug is `pr-N`, and a branch
 * when the slug is the branch's name (a name the tag rewrote, `feature/x` as `feature-x`, is
 * found only as the head of a pull request a tag names; otherwise its tags stay, as those of a
 * branch deleted without a pull request do). A repository
 * whose tags cannot be listed names nothing; its own pruning says why.
 */
async function namedRefs(
  request: RegistryRunRequest,
  registryFor: (image: ImageRef) => Promise<CacheRegistry>,
  live: ReadonlySet<string>,
): Promise<{ pullRequests: number[]; branches: string[] }> {
  const pullRequests = new Set<number>()
  const branches = new Set<string>()
  for (const image of request.targets.repositories) {
    let tags: readonly { tag: string }[]
    try {
      tags = await (await registryFor(image)).listTags()
    } catch {
      continue
    }
    for (const scope of request.targets.scopes) {
      const prefix = `${registryTag(image, scope, undefined)}-`
      for (const { tag } of tags) {
        if (!tag.startsWith(prefix)) continue
        const slug = tag.slice(prefix.length)
        const number = /^pr-([1-9][0-9]{0,9})$/.exec(slug)?.[1]
        if (number !== undefined) {
          if (registryTag(image, scope, pullRequestRef(Number(number))) === tag)
            pullRequests.add(Number(number))
        } else if (!live.has(slug) && registryTag(image, scope, branchRef(slug)) === tag) {
          branches.add(slug)
        }
      }
    }
  }
  return {
    pullRequests: [...pullRequests].sort((a, b) => a - b),
    branches: [...branches].sort(),
  }
}
