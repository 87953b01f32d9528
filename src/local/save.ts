/**
 * Post step, `type=local`: swap the layout BuildKit exported into `<path>-new` in for the old one, save
 * it under a run-unique key if its cache manifest changed, then delete the scope's older entries on
 * this ref. Never throws for cache or file-system trouble: post steps warn, they do not fail a build.
 */
import { errorText } from '../runner/log-line.js'
import {
  type CacheEntryStore,
  type CleanupTarget,
  type LocalEntry,
  planLocalCleanup,
} from './cleanup.js'
import type { LocalFs } from './fs.js'
import { localCacheKey, scopeKeyPrefix } from './keys.js'
import { inspectLayout } from './layout.js'
import { localPaths } from './paths.js'
import type { LocalRestoreState } from './restore.js'
import type { SaveCache } from './rate-limited-save.js'

/** Where the save runs: the workflow run this generation belongs to. */
export interface LocalSaveContext {
  /** `GITHUB_REF`: the cache scope the entry lands in, and the ref whose older entries are deleted. */
  ref: string
  /** `GITHUB_SHA`. */
  commit: string
  /** `GITHUB_RUN_ID`. */
  runId: string
  /** `GITHUB_RUN_ATTEMPT`. */
  runAttempt: string
}

export interface LocalSaveDeps {
  saveCache: SaveCache
  isFeatureAvailable(): boolean
  fs: LocalFs
  /** REST listing and deletion; without it (no `github-token`) older generations stay for the pruner. */
  entries?: CacheEntryStore
  /** Epoch milliseconds. */
  now(): number
}

export type LocalSaveOutcome =
  /** A new generation was saved. */
  | 'saved'
  /** The export has the same cache manifest as the restored cache: nothing uploaded. */
  | 'unchanged'
  /** BuildKit exported nothing (the build failed or exported elsewhere). */
  | 'not-exported'
  /** The export is partial or malformed: not swapped in, not saved. */
  | 'incomplete'
  /** The layout was swapped in but could not be saved. */
  | 'not-saved'
  /** The swap itself failed: the restored cache is left where it was. */
  | 'failed'

export interface LocalSaveReport {
  outcome: LocalSaveOutcome
  /** Why, for every outcome but `saved`. */
  reason?: string
  key?: string
  cacheId?: number
  manifestDigest?: string
  blobCount?: number
  totalBytes?: number
  /** Older entries deleted after the save. */
  deleted: LocalEntry[]
  warnings: string[]
}

/** Records how the save ended, and why. */
function settle(
  report: LocalSaveReport,
  outcome: LocalSaveOutcome,
  reason?: string,
): LocalSaveReport {
  return Object.assign(report, { outcome, reason })
}

export async function saveLocalCache(
  state: LocalRestoreState,
  context: LocalSaveContext,
  deps: LocalSaveDeps,
): Promise<LocalSaveReport> {
  const report: LocalSaveReport = { outcome: 'failed', deleted: [], warnings: [] }
  const done = (outcome: LocalSaveOutcome, reason?: string) => settle(report, outcome, reason)
  try {
    const paths = localPaths(state.path)
    const layout = await inspectLayout(paths.export, deps.fs)
    if (layout.state === 'missing') {
      return done(
        'not-exported',
        `BuildKit wrote nothing to ${paths.export}; the restored cache is kept as it was.`,
      )
    }
    if (layout.state === 'invalid') {
      return done(
        'incomplete',
        `${paths.export} is not a complete layout (${layout.reason}); the restored cache is kept as it was.`,
      )
    }
    Object.assign(report, {
      manifestDigest: layout.manifestDigest,
      blobCount: layout.blobCount,
      totalBytes: layout.totalBytes,
    })

    const swapError = await swap(paths.path, paths.export, paths.previous, deps.fs)
    if (swapError)
      return done('failed', `Could not swap ${paths.export} in for ${paths.path}: ${swapError}`)

    if (state.manifestDigest === layout.manifestDigest) {
      return done(
        'unchanged',
        `The cache manifest ${layout.manifestDigest} is the one restored from ${state.restoredKey}.`,
      )
    }
    if (!deps.isFeatureAvailable()) {
      return done('not-saved', 'The Actions cache service is not available to this job.')
    }

    return await saveAndRotate(state, context, deps, paths.cachePattern, report)
  } catch (error) {
    return done('failed', errorText(error))
  }
}

/** Saves the swapped-in cache under a new key, then deletes the scope's older generations. */
async function saveAndRotate(
  state: LocalRestoreState,
  context: LocalSaveContext,
  deps: LocalSaveDeps,
  pattern: string,
  report: LocalSaveReport,
): Promise<LocalSaveReport> {
  const savedAt = deps.now()
  const key = localCacheKey({
    scope: state.scope,
    commit: context.commit,
    runId: context.runId,
    runAttempt: context.runAttempt,
    savedAt,
  })
  report.key = key
  let cacheId: number
  try {
    cacheId = await deps.saveCache([pattern], key)
  } catch (error) {
    return settle(report, 'not-saved', `Saving ${key} failed: ${errorText(error)}`)
  }
  if (cacheId === -1) {
    return settle(
      report,
      'not-saved',
      `@actions/cache did not save ${key} (its log above says why: a read-only cache, a rate limit, or a failed upload).`,
    )
  }
  report.cacheId = cacheId
  settle(report, 'saved')

  if (!deps.entries) {
    report.warnings.push(
      'No github-token: older type=local generations of this scope stay until the pruner removes them.',
    )
    return report
  }
  await deleteOlderGenerations(
    { scope: state.scope, ref: context.ref, savedKey: key, savedAt },
    deps.entries,
    report,
  )
  return report
}

/** Renames `path` aside, the export into `path`, and removes the old one; undoes the first rename on failure. */
async function swap(
  path: string,
  exported: string,
  previous: string,
  fs: LocalFs,
): Promise<string | undefined> {
  try {
    await fs.remove(previous)
    const hadOld = await fs.move(path, previous)
    try {
      await fs.move(exported, path)
    } catch (error) {
      if (hadOld) await fs.move(previous, path)
      throw error
    }
    await fs.remove(previous)
    return undefined
  } catch (error) {
    return errorText(error)
  }
}

/**
 * After a save: deletes the older generations of the same scope (and kind) in the same ref, with
 * what it deleted and what went wrong in `report`.
 */
export async function deleteOlderGenerations(
  target: CleanupTarget,
  store: CacheEntryStore,
  report: { deleted: LocalEntry[]; warnings: string[] },
): Promise<void> {
  let entries: LocalEntry[]
  try {
    entries = await store.list(scopeKeyPrefix(target.scope, target.kind), target.ref)
  } catch (error) {
    report.warnings.push(`Could not list older generations, none deleted: ${errorText(error)}`)
    return
  }
  const plan = planLocalCleanup(entries, target)
  for (const entry of plan.delete) {
    try {
      await store.deleteById(entry.id)
      report.deleted.push(entry)
    } catch (error) {
      report.warnings.push(
        `Could not delete the older generation ${entry.key} (id ${entry.id}): ${errorText(error)}`,
      )
    }
  }
}
