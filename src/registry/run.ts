/**
 * A registry pruning run of `prune` (type registry): learn which refs live and which ended, then
 * prune each cache repository. On `pull_request: closed` the closed pull request's tags are the
 * only ones that may go; on any other event (schedule, workflow_dispatch) the tags of every closed
 * pull request and of every deleted branch it can tell, each once it ended prune-grace ago.
 * Failures become warnings; one repository's failure does not stop the next.
 */
import type { ImageRef } from '../cache-options/image-ref.js'
import type { GitHubClient } from '../github/client.js'
import type { RegistryPruneSettings } from '../inputs.js'
import type { Trigger } from '../prune/request.js'
import { type RegistryOutcome, pruneRegistry } from './pruner.js'
import type { CacheRegistry } from './registry.js'
import { type RepositoryFacts, refFates } from './ref-fates.js'

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
    'getDefaultBranch' | 'listBranches' | 'listPullRequests' | 'describeError'
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
  let facts: RepositoryFacts
  try {
    facts = await repositoryFacts(request, deps)
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
      registry = await deps.registryFor(image)
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
  return { defaultBranch, branches, pullRequests: await deps.github.listPullRequests() }
}
