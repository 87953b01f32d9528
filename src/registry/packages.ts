/**
 * ghcr.io through GitHub's Packages REST API: ghcr.io does not take manifest deletes over the
 * distribution API, so there a cache tag is found on a container package version (one manifest,
 * carrying every tag on it) and deleted with that version. The package is `ghcr.io/<owner>/<name>`'s
 * `<name>` (a nested path stays one name, `a/b`), owned by a user or an organisation.
 */
import { RequestError } from '@octokit/request-error'
import { describeError } from '../github/errors.js'
import type { GitHubOctokit } from '../github/octokit.js'
import { type ListedTag, byTag } from './tag-planner.js'
import type { CacheRegistry } from './registry.js'

export const GHCR = 'ghcr.io'

export interface PackageOptions {
  /** The package's owner: `ghcr.io/<owner>/…`. */
  readonly owner: string
  /** The container package: the path after the owner. */
  readonly packageName: string
}

interface Version {
  id: number
  updated_at?: string
  metadata?: { container?: { tags?: unknown } }
}

export function createPackagesRegistry(octokit: GitHubOctokit, o: PackageOptions): CacheRegistry {
  const name = `${GHCR}/${o.owner}/${o.packageName}`
  let owner: 'orgs' | 'users' | undefined
  const ownerPath = async (): Promise<'orgs' | 'users'> => {
    if (owner) return owner
    const { data } = await octokit.request('GET /users/{username}', { username: o.owner })
    owner = data.type === 'Organization' ? 'orgs' : 'users'
    return owner
  }
  const route = (kind: 'orgs' | 'users', rest: string) =>
    `${kind === 'orgs' ? '/orgs/{org}' : '/users/{username}'}/packages/container/{package_name}/versions${rest}`
  const params = (kind: 'orgs' | 'users') => ({
    ...(kind === 'orgs' ? { org: o.owner } : { username: o.owner }),
    package_name: o.packageName,
  })

  return {
    name,
    async listTags() {
      const kind = await ownerPath()
      let versions: Version[]
      try {
        versions = (await octokit.paginate(route(kind, ''), {
          ...params(kind),
          per_page: 100,
          state: 'active',
        })) as Version[]
      } catch (error) {
        if (error instanceof RequestError && error.status === 404) return [] // nothing pushed yet
        throw error
      }
      const listed: ListedTag[] = []
      for (const v of versions) {
        const tags = v.metadata?.container?.tags
        if (!Array.isArray(tags)) continue
        const written = v.updated_at ? Date.parse(v.updated_at) : Number.NaN
        for (const tag of tags) {
          if (typeof tag !== 'string') continue
          listed.push({
            tag,
            target: String(v.id),
            ...(Number.isNaN(written) ? {} : { writtenAt: written }),
          })
        }
      }
      return listed.sort(byTag)
    },
    async deleteTarget(id) {
      const kind = await ownerPath()
      try {
        await octokit.request(`DELETE ${route(kind, '/{package_version_id}')}`, {
          ...params(kind),
          package_version_id: Number(id),
        })
        return 'deleted'
      } catch (error) {
        if (error instanceof RequestError && error.status === 404) return 'missing'
        throw error
      }
    },
    refusal(error) {
      if (error instanceof RequestError && (error.status === 401 || error.status === 403)) {
        return `GitHub refused to delete versions of the package ${o.packageName} (${describeError(error)}): the job needs "permissions: packages: write", and the package must give this repository Admin access (the package's settings, "Manage Actions access"), or github-token must be a token that may delete packages`
      }
      return undefined
    },
    describeError,
  }
}
