/**
 * Rule 10 of docs/pruning-rules.md: before deleting, the plan is checked again against fresh data,
 * because deletes are sent over minutes while other jobs export. An export that looks up a blob the
 * plan means to delete adopts it (it does not upload a layer it found) and writes an index that
 * references it; GitHub has no compare-and-delete, so the only defence is to look again just
 * before deleting. Pure: the fresh entries come in as an argument.
 */
import { isBuildKitVersion, parseKey } from '../buildkit/keys.js'
import type { CacheEntry } from '../github/caches.js'
import { couldReference } from './analysis.js'
import { canRead } from '../refs.js'

export interface RecheckPolicy {
  graceMs: number
  defaultRef: string
  exportsLookUpLayers: boolean
}

/**
 * The planned deletions to keep after all, given entries created or used since the plan:
 *
 * - one whose `created_at` or `last_accessed_at` moved since it was listed (an export looked it up,
 *   an import read it, or the key was deleted and written again), unless the move is this run's
 *   own touch (`ownTouchUntil`: reading an index refreshes it);
 * - a blob that an index written since the plan (`planTime`) may use: in a ref that sees the
 *   blob's ref, and by times (analysis.ts couldReference), which for an export that looked the
 *   blob up already shows as a move.
 *
 * `planned` is by entry id, built once by the caller for every re-check of a run.
 */
export function movedSincePlan(
  planned: ReadonlyMap<number, CacheEntry>,
  fresh: readonly CacheEntry[],
  planTime: number,
  policy: RecheckPolicy,
  ownTouchUntil: ReadonlyMap<number, number> = new Map(),
): Set<number> {
  const moved = new Set<number>()
  const newIndexes: CacheEntry[] = []
  for (const e of fresh) {
    const was = planned.get(e.id)
    if (was) {
      const own = ownTouchUntil.get(e.id) ?? -Infinity
      if (e.createdAt !== was.createdAt) moved.add(e.id)
      else if (e.lastAccessedAt > was.lastAccessedAt && e.lastAccessedAt > own) moved.add(e.id)
    } else if (
      e.createdAt >= planTime &&
      isBuildKitVersion(e.version) &&
      parseKey(e.key).kind === 'index'
    ) {
      newIndexes.push(e)
    }
  }
  if (newIndexes.length === 0) return moved
  for (const blob of planned.values()) {
    if (moved.has(blob.id) || parseKey(blob.key).kind !== 'blob') continue
    const usable = newIndexes.some(
      (index) =>
        canRead(index.ref, blob.ref, policy.defaultRef) &&
        couldReference(index, blob, policy.graceMs, Infinity, policy.exportsLookUpLayers),
    )
    if (usable) moved.add(blob.id)
  }
  return moved
}
