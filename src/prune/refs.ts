/**
 * Cache scopes (git refs) and who can read whose cache: a run restores from its own ref, the
 * default branch and, for a pull request, its base branch ("Dependency caching reference" →
 * Restrictions for accessing a cache). Pure.
 */

/** `refs/pull/<n>/merge` (or `/head`) → n. */
export function pullRequestNumber(ref: string): number | undefined {
  const match = /^refs\/pull\/([1-9][0-9]*)\/(?:merge|head)$/.exec(ref)
  return match ? Number(match[1]) : undefined
}

/** `refs/heads/<name>` → name. */
export function branchName(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') && ref.length > 'refs/heads/'.length
    ? ref.slice('refs/heads/'.length)
    : undefined
}

/**
 * Whether a job in `reader`'s ref may read entries in `owner`'s ref, so an index written in
 * `reader` may reference blobs stored in `owner` (BuildKit does not re-upload a blob it can see:
 * fixtures/buildkit-v0.24.0-gha, "the feature index references blobs that live in
 * refs/heads/main"). A pull request's base branch is not known here, so any branch counts:
 * it errs towards keeping.
 */
export function canRead(reader: string, owner: string, defaultRef: string): boolean {
  if (reader === owner || owner === defaultRef) return true
  return pullRequestNumber(reader) !== undefined && branchName(owner) !== undefined
}

/**
 * Whether refs other than `owner` may read its entries (canRead): every ref reads the default
 * branch, a pull request any branch. Nothing but a pull request itself reads its ref.
 */
export function readByOtherRefs(owner: string, defaultRef: string): boolean {
  return owner === defaultRef || branchName(owner) !== undefined
}
