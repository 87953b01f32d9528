/**
 * BuildKit's `type=gha` key layout (docs/buildkit-gha-format.md): one entry per layer blob, `buildkit-blob-1-<digest>`, and one entry per export of a scope,
 * `index-<scope>-1-<first 8 hex of sha256(writing ref)>[-sig]#<N>`. Every entry carries the same version.
 * Pure: no I/O.
 */
import { createHash } from 'node:crypto'

/** sha256("|go-actionscache-1.0"): the version BuildKit's cache client sends with every key, blob or index. */
export const BUILDKIT_CACHE_VERSION =
  '693bb7016429d80366022f036f84856888c9f13e00145f5f6f4dce303a38d6f2'

/** The key-format version BuildKit embeds in its keys (`1`), not a protocol version. */
const KEY_FORMAT = '1'

export const BLOB_KEY_PREFIX = `buildkit-blob-${KEY_FORMAT}-`
export const INDEX_KEY_PREFIX = 'index-'

/** An OCI digest: `algorithm:encoded`; BuildKit writes sha256, the grammar allows others. */
const DIGEST = '[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}'
const BLOB_KEY = new RegExp(`^${BLOB_KEY_PREFIX}(${DIGEST})(-sig)?$`)
const DIGEST_ONLY = new RegExp(`^${DIGEST}$`)
// Scopes may contain dashes and even "-1-": the greedy `(.+)` makes the match bind the last
// `-1-<8 hex>`, i.e. the key is parsed from the right.
const INDEX_KEY = /^index-(.+)-1-([0-9a-f]{8})(-sig)?#([0-9]+)$/

export type ParsedKey =
  | { kind: 'blob'; digest: string; signature: boolean }
  | {
      kind: 'index'
      scope: string
      refHash: string
      signed: boolean
      generation: number
      base: string
    }
  | { kind: 'other' }

/** First 8 hex digits of sha256(ref): the ref part of an index key (`refs/heads/main` → `f921bd05`). */
export function refHash(ref: string): string {
  return createHash('sha256').update(ref).digest('hex').slice(0, 8)
}

/** The key of a layer blob entry (`signature` for the `-sig` blob of a signed index, BuildKit ≥ 0.27). */
export function blobKey(digest: string, signature = false): string {
  return `${BLOB_KEY_PREFIX}${digest}${signature ? '-sig' : ''}`
}

/** The index key without its generation: what importers look up by prefix. */
export function indexKeyBase(scope: string, ref: string, signed = false): string {
  return `${INDEX_KEY_PREFIX}${scope}-${KEY_FORMAT}-${refHash(ref)}${signed ? '-sig' : ''}`
}

/** The key of generation `n` (1, 2, …) of an index. */
export function indexKey(base: string, generation: number): string {
  return `${base}#${generation}`
}

/** Classifies a cache key as a BuildKit blob, a BuildKit index generation, or something else. */
export function parseKey(key: string): ParsedKey {
  const blob = BLOB_KEY.exec(key)
  if (blob) return { kind: 'blob', digest: blob[1], signature: blob[2] !== undefined }
  const index = INDEX_KEY.exec(key)
  if (index) {
    const generation = Number(index[4])
    if (Number.isSafeInteger(generation) && generation > 0) {
      return {
        kind: 'index',
        scope: index[1],
        refHash: index[2],
        signed: index[3] !== undefined,
        generation,
        base: key.slice(0, key.lastIndexOf('#')),
      }
    }
  }
  return { kind: 'other' }
}

/** Whether `value` is a digest BuildKit could have written as a blob (`sha256:<hex>`, or another algorithm). */
export function isDigest(value: string): boolean {
  return DIGEST_ONLY.test(value)
}

/** Whether an entry with this version was written by BuildKit's gha backend. */
export function isBuildKitVersion(version: string | undefined): boolean {
  return version === BUILDKIT_CACHE_VERSION
}
