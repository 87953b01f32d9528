/**
 * Git refs, the one place that reads `refs/heads/…`, `refs/pull/…` and `refs/tags/…`: which refs a
 * run imports from, and who can read whose cache. A run restores from its own ref, the default
 * branch and, for a pull request, its base branch (docs/github-cache.md §1). `gha` gets that chain
 * from the runtime token and BuildKit reads every ref in it; `registry` tags mirror it. Pure.
 */

const HEADS = 'refs/heads/'
const TAGS = 'refs/tags/'

/** A branch name → its ref: `main` → `refs/heads/main`. */
export function branchRef(name: string): string {
  return `${HEADS}${name}`
}

/** A pull request's number → the ref its jobs write their caches to: 7 → `refs/pull/7/merge`. */
export function pullRequestRef(number: number): string {
  return `refs/pull/${number}/merge`
}

/** `refs/pull/<n>/merge` (or `/head`) → n. */
export function pullRequestNumber(ref: string): number | undefined {
  const match = /^refs\/pull\/([1-9][0-9]*)\/(?:merge|head)$/.exec(ref)
  return match ? Number(match[1]) : undefined
}

const MERGE_QUEUE = /^refs\/heads\/gh-readonly-queue\/(.+)\/pr-[1-9][0-9]*-[0-9a-f]{7,64}$/

/**
 * A merge queue's ref (`refs/heads/gh-readonly-queue/<base>/pr-<n>-<sha>`) → its base branch's
 * ref. Such a ref lives while its queue entry does, and no later run reads what it exports.
 */
export function mergeQueueBase(ref: string): string | undefined {
  const base = MERGE_QUEUE.exec(ref)?.[1]
  return base === undefined ? undefined : branchRef(base)
}

/** `refs/heads/<name>` → name. */
export function branchName(ref: string): string | undefined {
  return ref.startsWith(HEADS) && ref.length > HEADS.length ? ref.slice(HEADS.length) : undefined
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

/** The git refs of this run, from `GITHUB_REF`, `GITHUB_BASE_REF` and the event payload. */
export interface RefContext {
  /** Where this run writes: `refs/heads/x`, `refs/pull/N/merge`, `refs/tags/v1`. */
  readonly ref?: string
  /** A pull request's base branch name (`GITHUB_BASE_REF`), e.g. `main`. */
  readonly baseRef?: string
  /** The repository's default branch name, e.g. `main`. */
  readonly defaultBranch?: string
}

/**
 * Own ref, then the PR base (or the merge queue's base), then the default branch, as full refs,
 * without repeats.
 */
export function importChain(context: RefContext): string[] {
  const chain = [
    context.ref,
    context.baseRef && branchRef(context.baseRef),
    context.ref && mergeQueueBase(context.ref),
    context.defaultBranch && branchRef(context.defaultBranch),
  ].filter((ref): ref is string => Boolean(ref))
  return [...new Set(chain)]
}

/** A readable name for a ref: `feature/x` for a branch, `pr-12` for a pull request, `tag-v1`. */
export function refSlug(ref: string): string {
  const pull = pullRequestNumber(ref)
  if (pull !== undefined) return `pr-${pull}`
  const branch = branchName(ref)
  if (branch !== undefined) return branch
  if (ref.startsWith(TAGS)) return `tag-${ref.slice(TAGS.length)}`
  return ref.replace(/^refs\//, '')
}
