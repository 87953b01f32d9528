/**
 * After a new generation is saved, the scope's older entries on the same ref are garbage: restores
 * pick the newest entry, so an older one is only quota spent (and a candidate for GitHub's LRU
 * eviction to pick instead of something live). Pure: the listing comes in, the plan goes out.
 */
import type { CacheEntry as ListedEntry } from '../github/caches.js'
import type { GitHubClient } from '../github/client.js'
import { isScopeKey } from './keys.js'

/** The fields of a REST-listed cache entry (`src/github/`) that the cleanup reads. */
export type LocalEntry = Pick<ListedEntry, 'id' | 'key' | 'ref' | 'createdAt' | 'sizeInBytes'>

/**
 * The REST operations the cleanup needs. `src/github/` provides them (paginated, throttled, retried);
 * `list` must reject rather than return a partial listing.
 */
export interface CacheEntryStore {
  /** Entries whose key starts with `keyPrefix`, in `ref` only. */
  list(keyPrefix: string, ref: string): Promise<LocalEntry[]>
  /** Deletes by id: a delete by key would hit the same key in every ref. */
  deleteById(id: number): Promise<void>
}

/** The store over `src/github`'s REST client (complete listings only, delete by id). */
export function restEntryStore(
  github: Pick<GitHubClient, 'listCaches' | 'deleteCache'>,
): CacheEntryStore {
  return {
    list: (keyPrefix, ref) => github.listCaches({ key: keyPrefix, ref }),
    deleteById: async (id) => {
      // 'missing' (already gone) is as good as deleted.
      await github.deleteCache(id)
    },
  }
}

export interface CleanupTarget {
  scope: string
  /** The kind's key prefix (keys.ts scopeKeyPrefix); `type=local`'s when not given. */
  kind?: string
  /** The ref the new generation was saved in (`GITHUB_REF`). */
  ref: string
  /** The key just saved. */
  savedKey: string
  /** Epoch ms when the save started: the fallback cut-off when the listing does not show our entry yet. */
  savedAt: number
}

export interface CleanupPlan {
  delete: LocalEntry[]
  /** Entries of the scope kept, each with why. */
  keep: { entry: LocalEntry; reason: 'saved' | 'newer' }[]
}

/**
 * Everything of this scope on this ref that was created before the entry just saved. Entries created
 * at or after it are kept: another job on the same ref (a matrix leg, a concurrent push) may have saved
 * a newer generation that restores will now prefer, and deleting it would leave an older one in charge.
 */
export function planLocalCleanup(
  entries: readonly LocalEntry[],
  target: CleanupTarget,
): CleanupPlan {
  const ours = entries.find((e) => e.key === target.savedKey && e.ref === target.ref)
  const cutoff = ours ? ours.createdAt : target.savedAt
  const plan: CleanupPlan = { delete: [], keep: [] }
  for (const entry of entries) {
    if (entry.ref !== target.ref || !isScopeKey(entry.key, target.scope, target.kind)) continue
    if (entry.key === target.savedKey) {
      plan.keep.push({ entry, reason: 'saved' })
      continue
    }
    // A missing date cannot be shown to be older: keep it.
    if (Number.isFinite(entry.createdAt) && entry.createdAt < cutoff) plan.delete.push(entry)
    else plan.keep.push({ entry, reason: 'newer' })
  }
  return plan
}
