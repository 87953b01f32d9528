/**
 * One registry cache repository's pruning run: list its tags, plan, list again, delete what both
 * plans delete. The second listing narrows the window in which a build that ran meanwhile (the
 * default branch exporting a cache identical to a closed pull request's) points a tag that
 * stays at a manifest the first plan would delete. Deletes stop at the first refusal of the
 * registry (deletes disabled, credentials refused): one warning, nothing else attempted.
 */
import type { ImageRef } from '../cache-options/image-ref.js'
import { type RegistryPlan, type TagDeletion, planTagDeletions, tagNames } from './tag-planner.js'
import type { CacheRegistry } from './registry.js'
import { derivedTags } from './tags.js'
import type { RefFate } from '../github/ref-states.js'

export interface RegistryPruneRequest {
  readonly image: ImageRef
  readonly scopes: readonly string[]
  readonly refs: readonly RefFate[]
  readonly graceMs: number
  readonly waitAfterEnd: boolean
  readonly dryRun: boolean
  readonly clock: () => number
  readonly log: { info(line: string): void; debug(line: string): void }
}

export interface RegistryOutcome {
  readonly repository: string
  readonly plan: RegistryPlan
  readonly deleted: readonly TagDeletion[]
  /** Already gone when deleted. */
  readonly missing: readonly TagDeletion[]
  /** Planned by the first listing, no longer by the second. */
  readonly changed: readonly TagDeletion[]
  readonly failed: ReadonlyArray<{ deletion: TagDeletion; error: string }>
  /** Why deletes stopped, when the registry refused them. */
  readonly refused?: string
}

export async function pruneRegistry(
  registry: CacheRegistry,
  request: RegistryPruneRequest,
): Promise<RegistryOutcome> {
  const derived = derivedTags(request.image, request.scopes, request.refs)
  const plan = async () =>
    planTagDeletions(await registry.listTags(), derived, {
      now: request.clock(),
      graceMs: request.graceMs,
      waitAfterEnd: request.waitAfterEnd,
    })
  const first = await plan()
  const base = {
    repository: registry.name,
    plan: first,
    deleted: [],
    missing: [],
    changed: [],
    failed: [],
  }
  if (request.dryRun || first.deletions.length === 0) return base

  const again = await plan()
  const confirmed = new Map(again.deletions.map((d) => [d.target, d]))
  const same = (d: TagDeletion) => {
    const now = confirmed.get(d.target)
    return now !== undefined && now.tags.length === d.tags.length
  }
  const changed = first.deletions.filter((d) => !same(d))
  const deleted: TagDeletion[] = []
  const missing: TagDeletion[] = []
  const failed: Array<{ deletion: TagDeletion; error: string }> = []
  for (const deletion of first.deletions.filter(same)) {
    try {
      const result = await registry.deleteTarget(deletion.target)
      ;(result === 'deleted' ? deleted : missing).push(deletion)
      request.log.info(
        `${result === 'deleted' ? 'Deleted' : 'Already gone:'} ${registry.name}:${tagNames(deletion)} (${deletion.target})`,
      )
    } catch (error) {
      const refused = registry.refusal(error)
      if (refused) return { ...base, deleted, missing, changed, failed, refused }
      failed.push({ deletion, error: registry.describeError(error) })
    }
  }
  return { ...base, deleted, missing, changed, failed }
}
