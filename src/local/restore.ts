/**
 * Main step, `type=local`: bring the newest saved generation of this scope back into `path` before
 * BuildKit runs. `@actions/cache` picks the entry: this commit's newest save first (a re-run gets
 * what its own commit built), then the scope's newest, in the current ref and then in the refs the
 * runtime token can read (the PR base, the default branch).
 */
import type { LocalFs } from './fs.js'
import { commitKeyPrefix, restoreNewest, scopeKeyPrefix } from './keys.js'
import { inspectLayout } from './layout.js'
import { localPaths } from './paths.js'

export interface LocalRestoreSettings {
  scope: string
  /** Absolute directory BuildKit imports from; `<path>-new` receives the export. */
  path: string
  /** `GITHUB_SHA`; without it there is no "this commit first" lookup and no cache hit. */
  commit?: string
}

/** The two `@actions/cache` functions the restore uses (injected so tests can count calls). */
export interface LocalRestoreDeps {
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
  ): Promise<string | undefined>
  isFeatureAvailable(): boolean
  fs: LocalFs
}

/** What the post step needs to know about the restore. JSON-safe, no secrets. */
export interface LocalRestoreState {
  scope: string
  path: string
  /** The key restored from, if any. */
  restoredKey?: string
  /** Cache manifest digest of the restored layout: a new export with the same digest is not saved again. */
  manifestDigest?: string
}

export interface LocalRestoreResult {
  /**
   * A saved generation was restored and is a complete layout BuildKit can import (the README's
   * `cache-hit`: "whether a saved cache was restored"), whether it was this commit's or the scope's newest.
   */
  cacheHit: boolean
  restoredKey?: string
  manifestDigest?: string
  /** `cache-from: type=local,src=<src>` */
  src: string
  /** `cache-to: type=local,dest=<dest>` */
  dest: string
  state: LocalRestoreState
  /** Things worth a warning in the log (nothing here fails the step). */
  warnings: string[]
}

export async function restoreLocalCache(
  settings: LocalRestoreSettings,
  deps: LocalRestoreDeps,
): Promise<LocalRestoreResult> {
  const paths = localPaths(settings.path)
  // A scope or commit that cannot make a key throws here, before anything is moved.
  if (settings.commit) commitKeyPrefix(settings.scope, settings.commit)
  else scopeKeyPrefix(settings.scope)
  const warnings: string[] = []
  const result = (restoredKey?: string, manifestDigest?: string): LocalRestoreResult => ({
    cacheHit: manifestDigest !== undefined,
    restoredKey,
    manifestDigest,
    src: paths.path,
    dest: paths.export,
    state: { scope: settings.scope, path: paths.path, restoredKey, manifestDigest },
    warnings,
  })

  // A layout left in <path>-new by an earlier job would be swapped in and saved as this build's.
  await deps.fs.remove(paths.export)

  if (!deps.isFeatureAvailable()) {
    warnings.push(
      'The Actions cache service is not available to this job (no ACTIONS_RESULTS_URL / ACTIONS_CACHE_URL): ' +
        `type=local uses ${paths.path} as it is and will not be saved.`,
    )
    return result()
  }

  // Keep what is on disk until we know the Actions cache has something better: on a self-hosted
  // runner with a persistent path, a cache miss must not wipe a good local cache.
  await deps.fs.remove(paths.previous)
  const setAside = await deps.fs.move(paths.path, paths.previous)
  const putBack = async () => {
    if (!setAside) return
    await deps.fs.remove(paths.path)
    await deps.fs.move(paths.previous, paths.path)
  }
  let restoredKey: string | undefined
  try {
    restoredKey = await restoreNewest(deps.restoreCache, [paths.cachePattern], {
      scope: settings.scope,
      ...(settings.commit ? { commit: settings.commit } : {}),
    })
  } catch (error) {
    // Left aside, the cache would be removed by the next restore (which clears <path>-old first).
    await putBack()
    throw error
  }

  if (restoredKey === undefined) {
    await putBack()
    return result()
  }
  await deps.fs.remove(paths.previous)

  const layout = await inspectLayout(paths.path, deps.fs)
  if (layout.state !== 'valid') {
    warnings.push(
      `The restored cache ${restoredKey} is not a complete OCI layout ` +
        `(${layout.state === 'invalid' ? layout.reason : 'it is empty'}); BuildKit will skip importing it.`,
    )
    return result(restoredKey)
  }
  return result(restoredKey, layout.manifestDigest)
}
