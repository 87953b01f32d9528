/**
 * Which registry tags this action derives, and from which git ref: the main step names a
 * `type: registry` cache tag `<ref's tag>-<scope>-<ref slug>` (src/cache-options/plan.ts
 * registryTag), so a tag is ours exactly when it equals that name for one of the scopes the
 * pruner is given and a ref it knows. Pure.
 */
import type { ImageRef } from '../cache-options/image-ref.js'
import { registryTag } from '../cache-options/plan.js'
import type { Ending, RefFate } from '../github/ref-states.js'

/** A tag the main step derives: its scope, its ref, and whether that ref has ended. */
export interface DerivedTag {
  readonly tag: string
  readonly scope: string
  readonly ref: string
  readonly ended?: Ending
}

/**
 * Every tag the main step derives for these scopes and refs. Two refs can derive one tag (a
 * branch `feature/x` and a branch `feature-x`; a branch `pr-5` and pull request 5): the tag is
 * live when any of them is.
 */
export function derivedTags(
  image: ImageRef,
  scopes: readonly string[],
  refs: readonly RefFate[],
): Map<string, DerivedTag> {
  const tags = new Map<string, DerivedTag>()
  for (const scope of scopes) {
    for (const fate of refs) {
      const tag = registryTag(image, scope, fate.ref)
      const there = tags.get(tag)
      if (there && !there.ended) continue
      if (there?.ended && fate.ended && there.ended.at >= fate.ended.at) continue
      tags.set(tag, { tag, scope, ref: fate.ref, ...(fate.ended ? { ended: fate.ended } : {}) })
    }
  }
  return tags
}
