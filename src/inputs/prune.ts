/**
 * The pruning inputs of the post step and `prune` → PruneSettings, RegistryPruneSettings.
 */
import { Input } from '../constants.js'
import { IMAGE_REF_ACCEPTED, parseImageRef, type ImageRef } from '../cache-options/image-ref.js'
import {
  DURATION_ACCEPTED,
  PERCENT_ACCEPTED,
  SIZE_ACCEPTED,
  parseDuration,
  parsePercent,
  parseSize,
} from '../units.js'

import {
  InputError,
  InputReader,
  lines,
  oneOf,
  parseBoolean,
  valueOf,
  withInput,
} from './reader.js'
import { scopeLength } from './cache.js'

/** What the post step and `prune` need for pruning the Actions cache. */
export interface PruneSettings {
  /** Whether the post step prunes (type gha). */
  readonly prune: boolean
  /** The repository's cache limit in bytes: the input's, else (until resolved) GitHub's default. */
  readonly cacheLimitBytes: number
  /**
   * Where cacheLimitBytes came from: the input; GitHub's report for the repository
   * (withCacheLimit); or GitHub's default, when cache-limit is empty and nothing was reported.
   */
  readonly cacheLimitSource: 'input' | 'github' | 'default'
  /** Prune down to this many bytes when usage is above it (≤ cacheLimitBytes). */
  readonly pruneTargetBytes: number
  /** prune-target as given: a share of the limit, or a size. */
  readonly pruneTarget: { readonly share: number } | { readonly bytes: number }
  /** Entries created or accessed this recently (ms) are never deleted. */
  readonly pruneGraceMs: number
  /**
   * When which live indexes of other refs may use a blob cannot be told (rule 6), blobs other refs
   * may read accessed this recently (ms) are kept.
   */
  readonly orphanAgeMs: number
  /**
   * Where orphanAgeMs came from: the input; the cache retention GitHub reports for the repository
   * (withRetention: nothing unused for longer survives there anyway); or GitHub's default 7 days.
   */
  readonly orphanAgeSource: 'input' | 'github' | 'default'
  /** Whether the default branch's live set is exempt from budget pruning. */
  readonly protectDefaultBranch: boolean
  /** Token for the REST cache API (masked); '' when not given. */
  readonly githubToken: string
  /** Plan and report only; delete nothing. */
  readonly dryRun: boolean
  /** Whether to write the job summary. */
  readonly summary: boolean
}

/** GitHub's default cache retention: entries unused this long are dropped. */
export const DEFAULT_RETENTION_MS = 7 * 86_400_000

/** The settings with the retention GitHub reports for the repository, when orphan-age is empty. */
export function withRetention(settings: PruneSettings, retentionMs: number): PruneSettings {
  if (settings.orphanAgeSource === 'input') return settings
  return { ...settings, orphanAgeMs: retentionMs, orphanAgeSource: 'github' }
}

/** GitHub's default repository cache limit, used when cache-limit is empty and none is reported. */
export const DEFAULT_CACHE_LIMIT_BYTES = 10e9

export function parsePruneSettings(read: InputReader): PruneSettings {
  const limitText = valueOf(read, Input.CacheLimit)
  const orphanText = valueOf(read, Input.OrphanAge)
  const cacheLimitBytes = limitText
    ? withInput(Input.CacheLimit, limitText, parseSize, SIZE_ACCEPTED)
    : DEFAULT_CACHE_LIMIT_BYTES
  if (cacheLimitBytes <= 0) throw new InputError(Input.CacheLimit, 'it is zero', 'a size above 0')
  const targetText = valueOf(read, Input.PruneTarget)
  const targetAccepted = `${PERCENT_ACCEPTED} (of cache-limit), or ${SIZE_ACCEPTED}`
  const pruneTarget = targetText.trim().endsWith('%')
    ? { share: withInput(Input.PruneTarget, targetText, parsePercent, targetAccepted) }
    : { bytes: withInput(Input.PruneTarget, targetText, parseSize, targetAccepted) }
  const pruneTargetBytes = targetBytes(pruneTarget, cacheLimitBytes)
  // A size against the limit GitHub will report is checked once it is known (withCacheLimit).
  if (pruneTargetBytes <= 0 || (limitText && pruneTargetBytes > cacheLimitBytes)) {
    throw new InputError(
      Input.PruneTarget,
      `"${targetText}" is ${pruneTargetBytes} bytes, outside 1 byte to cache-limit (${cacheLimitBytes} bytes)`,
      targetAccepted,
    )
  }
  return {
    prune: parseBoolean(read, Input.Prune),
    cacheLimitBytes,
    cacheLimitSource: limitText ? 'input' : 'default',
    pruneTargetBytes,
    pruneTarget,
    pruneGraceMs: withInput(
      Input.PruneGrace,
      valueOf(read, Input.PruneGrace),
      parseDuration,
      DURATION_ACCEPTED,
    ),
    orphanAgeMs: orphanText
      ? withInput(Input.OrphanAge, orphanText, parseDuration, DURATION_ACCEPTED)
      : DEFAULT_RETENTION_MS,
    orphanAgeSource: orphanText ? 'input' : 'default',
    protectDefaultBranch: parseBoolean(read, Input.ProtectDefaultBranch),
    githubToken: read(Input.GithubToken),
    dryRun: parseBoolean(read, Input.DryRun),
    summary: parseBoolean(read, Input.Summary),
  }
}

/** What `prune` with `type: registry` prunes: the cache repositories and the scopes built into them. */
export interface RegistryPruneSettings {
  /** Each line of `ref`: a cache repository, in the form the main step takes. */
  readonly repositories: readonly ImageRef[]
  /** Each line of `scope`: the scopes the building jobs give (their `scope` input, or job id). */
  readonly scopes: readonly string[]
}

const PRUNE_TYPES = ['gha', 'registry'] as const

/**
 * `prune`'s `type`, `ref` and `scope`: undefined for type gha (the Actions cache), the registry
 * targets for type registry. The tag names the main step derives need both the repository and
 * the scope, so both are required.
 */
export function targetBytes(target: PruneSettings['pruneTarget'], limitBytes: number): number {
  return 'share' in target ? Math.floor(limitBytes * target.share) : target.bytes
}

/**
 * The settings with the limit GitHub reports for the repository, when cache-limit was left
 * empty: prune-target's share of it, or its size (at most the limit).
 */
export function withCacheLimit(settings: PruneSettings, reportedBytes: number): PruneSettings {
  if (settings.cacheLimitSource === 'input') return settings
  return {
    ...settings,
    cacheLimitBytes: reportedBytes,
    cacheLimitSource: 'github',
    pruneTargetBytes: Math.min(reportedBytes, targetBytes(settings.pruneTarget, reportedBytes)),
  }
}

export function parseRegistryPruneSettings(read: InputReader): RegistryPruneSettings | undefined {
  const type = oneOf(Input.Type, read(Input.Type) || 'gha', PRUNE_TYPES)
  if (type === 'gha') {
    for (const name of [Input.Ref, Input.Scope] as const) {
      if (read(name))
        throw new InputError(
          name,
          'it is for type registry, and type is gha',
          'type: registry with ref and scope, or neither',
        )
    }
    return undefined
  }
  const refLines = lines(read(Input.Ref))
  if (refLines.length === 0) {
    throw new InputError(
      Input.Ref,
      'type registry needs the cache repository, and it is empty',
      `${IMAGE_REF_ACCEPTED}, one per line`,
    )
  }
  const repositories = refLines.map((text) => {
    const ref = withInput(Input.Ref, text, parseImageRef, IMAGE_REF_ACCEPTED)
    if (ref.digest)
      throw new InputError(
        Input.Ref,
        `"${text}" names a digest`,
        'a repository with an optional tag, as the main step takes',
      )
    return ref
  })
  const scopes = lines(read(Input.Scope))
  if (scopes.length === 0) {
    throw new InputError(
      Input.Scope,
      'type registry needs the scopes the building jobs use, and it is empty',
      "one scope per line: each building job's scope input, or its job id where it sets none",
    )
  }
  for (const scope of scopes) scopeLength(scope, `"${scope.slice(0, 40)}…"`)
  return { repositories, scopes }
}
