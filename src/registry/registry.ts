/** What the registry pruner needs of a registry, whichever API serves it (distribution, GitHub Packages). */
import type { ListedTag } from './tag-planner.js'

export interface CacheRegistry {
  /** The cache repository as the log names it, e.g. `ghcr.io/owner/app-cache`. */
  readonly name: string
  /** Every tag of the repository with what it points to; none when the repository does not exist. */
  listTags(): Promise<ListedTag[]>
  /** Deletes a manifest (a digest, or a ghcr.io version id) and every tag on it. */
  deleteTarget(target: string): Promise<'deleted' | 'missing'>
  /**
   * When an error means this registry will not delete anything for this run (deletes disabled,
   * credentials refused): the one warning to give. Undefined for an error of one request.
   */
  refusal(error: unknown): string | undefined
  /** One line for an error of this registry. */
  describeError(error: unknown): string
}
