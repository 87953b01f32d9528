/** How a ref becomes a registry tag (the `registry` type's per-branch and per-PR cache tags). Pure. */
import { shortHash } from './hash.js'

const TAG_MAX = 128
const HASH_LENGTH = 8

/**
 * A Docker tag made of the given parts joined by `-`. Tags allow `[A-Za-z0-9_.-]`, must start
 * with a letter, digit or `_`, and hold at most 128 characters (Docker's reference grammar);
 * anything else becomes `-`, and an over-long tag keeps its start and ends in a hash
 * of the whole, so two long names that share a start still get different tags.
 */
export function dockerTag(parts: ReadonlyArray<string | undefined>): string {
  const raw = parts.filter((part): part is string => Boolean(part)).join('-')
  const tag = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/-{2,}/g, '-')
  if (tag.length === 0) return `_${shortHash(raw, HASH_LENGTH)}`
  if (tag.length <= TAG_MAX) return tag
  return `${tag.slice(0, TAG_MAX - HASH_LENGTH - 1)}-${shortHash(raw, HASH_LENGTH)}`
}
