/**
 * Branch awareness: which git refs a run imports from and exports to, and how a ref becomes a
 * registry tag. Pure.
 *
 * GitHub lets a run read its own ref, the pull request's base branch and the default branch
 * ("Dependency caching reference" → Restrictions for accessing a cache). `gha` gets that chain from
 * the runtime token and BuildKit reads every scope in it (gha.go imports one index per token
 * scope), so `gha` needs no chain of its own; `registry` tags mirror it.
 */
import { shortHash } from './hash.js'

/** The git refs of this run, from `GITHUB_REF`, `GITHUB_BASE_REF` and the event payload. */
export interface RefContext {
  /** Where this run writes: `refs/heads/x`, `refs/pull/N/merge`, `refs/tags/v1`. */
  readonly ref?: string
  /** A pull request's base branch name (`GITHUB_BASE_REF`), e.g. `main`. */
  readonly baseRef?: string
  /** The repository's default branch name, e.g. `main`. */
  readonly defaultBranch?: string
}

/** Own ref, then the PR base, then the default branch, as full refs, without repeats. */
export function importChain(context: RefContext): string[] {
  const chain = [
    context.ref,
    context.baseRef && `refs/heads/${context.baseRef}`,
    context.defaultBranch && `refs/heads/${context.defaultBranch}`,
  ].filter((ref): ref is string => Boolean(ref))
  return [...new Set(chain)]
}

/** A readable name for a ref: `feature/x` for a branch, `pr-12` for a pull request, `tag-v1`. */
export function refSlug(ref: string): string {
  const pull = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ref)
  if (pull) return `pr-${pull[1]}`
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length)
  if (ref.startsWith('refs/tags/')) return `tag-${ref.slice('refs/tags/'.length)}`
  return ref.replace(/^refs\//, '')
}

const TAG_MAX = 128
const HASH_LENGTH = 8

/**
 * A Docker tag made of the given parts joined by `-`. Tags allow `[A-Za-z0-9_.-]`, must start
 * with a letter, digit or `_`, and hold at most 128 characters (distribution/reference
 * regexp.go); anything else becomes `-`, and an over-long tag keeps its start and ends in a hash
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
