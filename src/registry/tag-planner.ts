/**
 * Which manifests of a registry cache repository to delete, and why every other tag this action
 * derives stays. Pure: the listing, the refs' fates and the clock come in, the plan goes out.
 *
 * Registries delete a manifest by digest (ghcr.io: a package version), and every tag on it goes
 * with it. A pull request's cache can be byte-identical to the default branch's, so a target is
 * deleted only when every tag on it is a tag of an ended ref that may go; when any tag's target
 * could not be read, no target is provably unshared and nothing is deleted.
 */
import type { DerivedTag } from './tags.js'

/** A tag as the registry lists it: what it points to (a digest, or a ghcr.io version id). */
export interface ListedTag {
  readonly tag: string
  /** Undefined when the registry would not say. */
  readonly target?: string
  /** When the registry says the tag was last written (ghcr.io: the version's `updated_at`). */
  readonly writtenAt?: number
}

export type TagKeepReason = 'live' | 'ended-recently' | 'written-recently' | 'shared' | 'unresolved'

export const TAG_KEEP_TEXT: Record<TagKeepReason, string> = {
  live: 'its branch or pull request is live',
  'ended-recently': 'its branch or pull request ended within prune-grace',
  'written-recently': 'written within prune-grace',
  shared: 'its manifest is also the manifest of a tag that stays',
  unresolved: 'a manifest digest could not be read, so sharing cannot be ruled out',
}

export interface TagDeletion {
  readonly target: string
  /** The tags that go with it, every one an ended ref's. */
  readonly tags: readonly DerivedTag[]
}

/** Listed tags in name order, as both registry clients return them. */
export const byTag = (a: ListedTag, b: ListedTag): number =>
  a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0

/** The tags a deletion takes with it, for a log line: `web-pr-5, web-pr-6`. */
export const tagNames = (d: TagDeletion): string => d.tags.map((t) => t.tag).join(', ')

/** How many tags these deletions take with them. */
export function tagsIn(deletions: readonly TagDeletion[]): number {
  return deletions.reduce((n, d) => n + d.tags.length, 0)
}

export interface KeptTag {
  readonly tag: DerivedTag
  readonly reason: TagKeepReason
  /** The tag(s) it shares a manifest with, or the tag whose digest was unknown. */
  readonly detail?: string
}

export interface RegistryPlan {
  readonly deletions: readonly TagDeletion[]
  readonly kept: readonly KeptTag[]
  /** Tags the action does not derive (another scope, a release tag, …): never touched. */
  readonly otherTags: number
}

export interface RegistryPlanOptions {
  readonly now: number
  readonly graceMs: number
  /**
   * Whether an ended ref's tags wait until it ended prune-grace ago (a sweep: a build that
   * started before the end may still push). On `pull_request: closed` the event is the end.
   */
  readonly waitAfterEnd: boolean
}

export function planTagDeletions(
  listed: readonly ListedTag[],
  derived: ReadonlyMap<string, DerivedTag>,
  o: RegistryPlanOptions,
): RegistryPlan {
  const kept: KeptTag[] = []
  const candidates: Array<{ listed: ListedTag; tag: DerivedTag }> = []
  let otherTags = 0
  for (const entry of listed) {
    const tag = derived.get(entry.tag)
    if (!tag) otherTags++
    else if (!tag.ended) kept.push({ tag, reason: 'live' })
    else if (o.waitAfterEnd && o.now - tag.ended.at < o.graceMs)
      kept.push({ tag, reason: 'ended-recently' })
    else if (entry.writtenAt !== undefined && o.now - entry.writtenAt < o.graceMs)
      kept.push({ tag, reason: 'written-recently' })
    else candidates.push({ listed: entry, tag })
  }

  const going = new Set(candidates.map((c) => c.listed.tag))
  const unknown = listed.find((t) => t.target === undefined)
  if (unknown) {
    for (const c of candidates) kept.push({ tag: c.tag, reason: 'unresolved', detail: unknown.tag })
    return { deletions: [], kept, otherTags }
  }
  const staying = new Map<string, string[]>()
  for (const t of listed) {
    if (going.has(t.tag)) continue
    staying.set(t.target!, [...(staying.get(t.target!) ?? []), t.tag])
  }
  const byTarget = new Map<string, DerivedTag[]>()
  for (const c of candidates) {
    const target = c.listed.target!
    const others = staying.get(target)
    if (others) kept.push({ tag: c.tag, reason: 'shared', detail: others.join(', ') })
    else byTarget.set(target, [...(byTarget.get(target) ?? []), c.tag])
  }
  const deletions = [...byTarget].map(([target, tags]) => ({ target, tags }))
  return { deletions, kept, otherTags }
}
