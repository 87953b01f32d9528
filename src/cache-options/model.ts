/** The cache-spec model: what one `--cache-from` / `--cache-to` entry holds. Pure types. */

/** The backends the action renders, as BuildKit names them. */
export const CACHE_TYPES = ['gha', 'registry', 'inline', 'local', 's3', 'azblob'] as const
export type CacheType = (typeof CACHE_TYPES)[number]

export const CACHE_MODES = ['min', 'max'] as const
export type CacheMode = (typeof CACHE_MODES)[number]

/** Whether an attribute is read by the importer (`cache-from`) or the exporter (`cache-to`). */
export type Direction = 'import' | 'export'

/** One attribute, `key=value`; kept in order so that rendering is stable. */
export type Attribute = readonly [key: string, value: string]

/**
 * One cache entry: the BuildKit type and its attributes. The type of an import can differ from the
 * chosen backend: `inline` caches are imported with `type=registry`.
 */
export interface CacheSpec {
  readonly type: string
  readonly attrs: readonly Attribute[]
}

/** What the main step renders: the imports in the order BuildKit should try them, and the exports. */
export interface CachePlan {
  readonly imports: readonly CacheSpec[]
  readonly exports: readonly CacheSpec[]
  /** Build arguments some builders need besides the specs (`BUILDKIT_INLINE_CACHE=1`). */
  readonly buildArgs: readonly string[]
}
