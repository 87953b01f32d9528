/**
 * Keys of our own `type=local` entries in the Actions cache, and the lookup order restores use. Pure:
 * no I/O of its own (restoreNewest asks the restore it is handed).
 *
 * Layout: `buildkit-cache-action-local-<scope>#<commit>-<run id>-<run attempt>-<save time, base 36>`.
 * The scope is percent-encoded outside `[A-Za-z0-9._/-]`, so it never contains `#`: the `#` after it
 * ends the scope and a prefix lookup for scope `web` cannot match scope `web#2` or `web-api`. The
 * pruner recognises our entries by {@link LOCAL_KEY_PREFIX} and never mistakes them for BuildKit's
 * (`buildkit-blob-1-…`, `index-…`).
 */
import { MAX_KEY_LENGTH } from '../cache-service/limits.js'

/** Every key this action saves for `type=local` starts with this. */
export const LOCAL_KEY_PREFIX = 'buildkit-cache-action-local-'

/** Room a full key needs after the scope prefix: commit (up to 64 hex), run id, attempt, save time. */
const SUFFIX_ROOM = 64 + 1 + 20 + 1 + 20 + 1 + 13

const SAFE_SCOPE_CHAR = /[A-Za-z0-9._/-]/

/** Percent-encodes every UTF-8 byte of `scope` outside `[A-Za-z0-9._/-]` (commas, `#`, spaces, …). */
export function encodeScope(scope: string): string {
  let out = ''
  for (const ch of scope) {
    if (SAFE_SCOPE_CHAR.test(ch)) out += ch
    else
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/**
 * The prefix every key of one scope starts with (list and restore by it). `kind` is the prefix of
 * the kind of entry: `type=local` saves, or cache mounts (src/cache-mounts/keys.ts), whose scope
 * names the mount too; both are saved generations, rotated alike.
 */
export function scopeKeyPrefix(scope: string, kind = LOCAL_KEY_PREFIX): string {
  if (scope === '')
    throw new Error('Input "scope" is empty: type=local needs a scope to name its cache entries.')
  const prefix = `${kind}${encodeScope(scope)}#`
  if (prefix.length + SUFFIX_ROOM > MAX_KEY_LENGTH) {
    throw new Error(
      `Input "scope" is too long for a cache key (${prefix.length} characters once encoded): ` +
        `keys are limited to ${MAX_KEY_LENGTH} characters, so use a scope of at most ${MAX_KEY_LENGTH - SUFFIX_ROOM - prefix.length + encodeScope(scope).length} plain characters.`,
    )
  }
  return prefix
}

/** The prefix of the entries saved for one commit of one scope: what a re-run of that commit restores first. */
export function commitKeyPrefix(scope: string, commit: string, kind = LOCAL_KEY_PREFIX): string {
  return `${scopeKeyPrefix(scope, kind)}${checkCommit(commit)}-`
}

/** What makes a save key unique to one save: the run, its attempt and the time of the save. */
export interface SaveIdentity {
  scope: string
  /** `GITHUB_SHA`. */
  commit: string
  /** `GITHUB_RUN_ID`. */
  runId: string
  /** `GITHUB_RUN_ATTEMPT`. */
  runAttempt: string
  /** Epoch milliseconds of the save: tells apart two saves in one run attempt (matrix legs sharing a scope). */
  savedAt: number
}

/** The run-unique key a new generation is saved under. */
export function localCacheKey(id: SaveIdentity, kind = LOCAL_KEY_PREFIX): string {
  for (const [name, value] of [
    ['GITHUB_RUN_ID', id.runId],
    ['GITHUB_RUN_ATTEMPT', id.runAttempt],
  ] as const) {
    if (!/^[0-9]{1,20}$/.test(value)) {
      throw new Error(`${name} is "${value}": expected the decimal number the runner sets.`)
    }
  }
  if (!Number.isSafeInteger(id.savedAt) || id.savedAt < 0) {
    throw new Error(
      `The save time ${id.savedAt} is not a non-negative whole number of milliseconds.`,
    )
  }
  return `${commitKeyPrefix(id.scope, id.commit, kind)}${id.runId}-${id.runAttempt}-${id.savedAt.toString(36)}`
}

/** Whether `key` is one of ours for exactly this scope (not for a scope that merely starts the same way). */
export function isScopeKey(key: string, scope: string, kind = LOCAL_KEY_PREFIX): boolean {
  return key.startsWith(scopeKeyPrefix(scope, kind))
}

function checkCommit(commit: string): string {
  if (!/^[0-9a-f]{7,64}$/.test(commit)) {
    throw new Error(`GITHUB_SHA is "${commit}": expected a lower-case hexadecimal commit id.`)
  }
  return commit
}

/**
 * The newest saved generation of a series into `paths`: this commit's newest save first (a re-run
 * gets what its own commit built), then the scope's newest; `kind` is the series' key prefix
 * (scopeKeyPrefix). The key restored from, or undefined.
 */
export function restoreNewest(
  restoreCache: (
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
  ) => Promise<string | undefined>,
  paths: string[],
  series: { scope: string; commit?: string; kind?: string },
): Promise<string | undefined> {
  const scopePrefix = scopeKeyPrefix(series.scope, series.kind)
  return series.commit
    ? restoreCache(paths, commitKeyPrefix(series.scope, series.commit, series.kind), [scopePrefix])
    : restoreCache(paths, scopePrefix)
}
