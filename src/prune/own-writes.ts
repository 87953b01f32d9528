/**
 * What a pruning run writes to the cache itself: markers that declare what this job's live indexes
 * reference (rule 13, marker.ts) and the budget note that asks post steps to back off (rule 12,
 * budget-note.ts). A failure costs only precision: it is logged and the run goes on.
 */
import type { CacheEntry } from '../github/caches.js'
import {
  CacheServiceError,
  CacheStorageReadOnly,
  CacheWriteDenied,
} from '../cache-service/errors.js'
import { singleLine } from '../runner/log-line.js'
import { type IndexRead, declarations } from './analysis.js'
import { noteKey } from './budget-note.js'
import { markerKey } from './marker.js'
import type { PruneDeps } from './run-context.js'
import { branchName } from '../refs.js'

/**
 * Whether budget notes in `ref` count (rule 12): a branch's, which only a push can write. A pull
 * request's post step saves none.
 */
export function writesNotes(ref: string): boolean {
  return branchName(ref) !== undefined
}

/** Saves the note that asks post steps to back off until `until`; 1 when saved. */
export async function saveNote(deps: PruneDeps, until: number): Promise<number> {
  const key = noteKey(until)
  try {
    const saved = await deps.saveMarker!(key, Buffer.from(`${new Date(until).toISOString()}\n`))
    if (saved) deps.log.info(`Saved ${key}: post steps list the whole repository again after that`)
    return saved ? 1 : 0
  } catch (error) {
    deps.log.info(
      singleLine(
        `Saving the budget note failed (${deps.api.describeError(error)}); the next post step lists the repository again`,
      ),
    )
    return 0
  }
}

/**
 * Saves a marker for each live index of `ref` this job read that has none yet; returns how many
 * it saved. A failure costs only precision (others judge that index from times), so it is logged
 * and the run goes on.
 */
export async function saveMarkers(
  ref: string,
  entries: readonly CacheEntry[],
  reads: ReadonlyMap<number, IndexRead>,
  deps: PruneDeps,
  problems: string[],
): Promise<number> {
  const described = declarations(entries, entries)
  let saved = 0
  for (const index of entries) {
    const read = reads.get(index.id)
    if (index.ref !== ref || !read?.ok || described.has(index.id)) continue
    try {
      const data = Buffer.from(
        `${JSON.stringify({ index: index.key, blobs: read.blobKeys.length })}\n`,
      )
      const key = markerKey(index.id, read.blobKeys)
      if (await deps.saveMarker!(key, data)) {
        saved++
        deps.log.info(
          singleLine(
            `Saved ${key}: what ${index.key} references, for jobs that cannot read ${ref}`,
          ),
        )
      }
    } catch (error) {
      // A token that may not write will not write the next one either: one warning, then stop.
      if (error instanceof CacheWriteDenied || error instanceof CacheStorageReadOnly) {
        problems.push(
          `${error.message}. Without markers, jobs that cannot read ${ref} judge its indexes from times (they keep more)`,
        )
        break
      }
      // Rate limited after one Retry-After: the repository's upload rate is spent, and more
      // markers now would only compete with other jobs' exports for it.
      if (error instanceof CacheServiceError && error.status === 429) {
        deps.log.info(
          singleLine(
            `Saving markers stopped: the cache service limits new entries (${error.message}); the indexes left without one are judged from times (they keep more)`,
          ),
        )
        break
      }
      deps.log.info(
        singleLine(
          `Saving the marker of ${index.key} failed (${deps.api.describeError(error)}); others judge it from times`,
        ),
      )
    }
  }
  return saved
}
