import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from './clock.js'
import { HttpError, sendEmpty, sendJson } from './http.js'
import { githubGrant, linkHeader, paging, type RestRoute } from './rest-api.js'
import type { ServiceState } from './service-state.js'

/**
 * What the registry pruner asks of GitHub Packages for ghcr.io, as GitHub's REST API answers it
 * (docs.github.com/rest/packages/packages): who owns a package (`GET /users/{name}` says `User`
 * or `Organization`), a container package's versions with their tags, and deleting one version.
 * On ghcr.io a version is one manifest (its `name` is the digest) and carries every tag that
 * points to it; deleting the version removes those tags.
 */

export interface PackageVersion {
  readonly id: number
  /** The manifest digest, `sha256:…`. */
  readonly digest: string
  tags: string[]
  readonly createdAt: number
  updatedAt: number
}

export type OwnerType = 'User' | 'Organization'

/** Container packages of the repository's owner, by package name (`app` or `app/cache`). */
export class PackageStore {
  private readonly packages = new Map<string, PackageVersion[]>()
  private nextId = 1

  constructor(private readonly clock: Clock) {}

  /**
   * What a push of `digest` under `tags` leaves: the version of that digest (new, or the one
   * there is) gains the tags, and every other version loses them, as a tag names one manifest.
   */
  push(packageName: string, digest: string, tags: readonly string[]): PackageVersion {
    if (!/^sha256:[0-9a-f]{64}$/.test(digest))
      throw new RangeError(`push: digest must be sha256:<64 hex>, got ${JSON.stringify(digest)}`)
    const versions = this.packages.get(packageName) ?? []
    this.packages.set(packageName, versions)
    const now = this.clock.now()
    for (const other of versions) {
      if (other.digest !== digest && other.tags.some((t) => tags.includes(t))) {
        other.tags = other.tags.filter((t) => !tags.includes(t))
      }
    }
    let version = versions.find((v) => v.digest === digest)
    if (!version) {
      version = { id: this.nextId++, digest, tags: [], createdAt: now, updatedAt: now }
      versions.push(version)
    }
    version.tags = [...new Set([...version.tags, ...tags])]
    version.updatedAt = now
    return version
  }

  versions(packageName: string): readonly PackageVersion[] | undefined {
    return this.packages.get(packageName)
  }

  delete(packageName: string, id: number): boolean {
    const versions = this.packages.get(packageName)
    const at = versions?.findIndex((v) => v.id === id) ?? -1
    if (!versions || at < 0) return false
    versions.splice(at, 1)
    return true
  }
}

/** Routes below the REST prefix that concern users, organisations and their packages. */
export function routePackages(method: string, path: string): RestRoute | undefined {
  const user = /^\/users\/([^/]+)$/.exec(path)
  if (user && method === 'GET') {
    const name = decodeURIComponent(user[1]!)
    return { endpoint: 'rest.users.getByUsername', handle: (s, _u, q, r) => getUser(s, name, q, r) }
  }
  const m = /^\/(orgs|users)\/([^/]+)\/packages\/container\/([^/]+)\/versions(?:\/(\d+))?$/.exec(
    path,
  )
  if (!m) return undefined
  const [, kind, owner, pkg, id] = m
  const where: Where = {
    kind: kind === 'orgs' ? 'Organization' : 'User',
    owner: decodeURIComponent(owner!),
    packageName: decodeURIComponent(pkg!),
  }
  if (id === undefined && method === 'GET')
    return {
      endpoint: 'rest.packages.getAllPackageVersions',
      handle: (s, u, q, r) => listVersions(s, where, u, q, r),
    }
  if (id !== undefined && method === 'DELETE')
    return {
      endpoint: 'rest.packages.deletePackageVersion',
      handle: (s, _u, q, r) => deleteVersion(s, where, Number(id), q, r),
    }
  return undefined
}

interface Where {
  kind: OwnerType
  owner: string
  packageName: string
}

const DOCS = 'https://docs.github.com/rest/packages/packages'

function ownerLogin(state: ServiceState): string {
  return state.repository.split('/')[0]!
}

function getUser(state: ServiceState, name: string, req: IncomingMessage, res: ServerResponse) {
  githubGrant(state, req)
  if (name.toLowerCase() !== ownerLogin(state).toLowerCase()) throw new HttpError(404, 'Not Found')
  sendJson(res, 200, { login: ownerLogin(state), id: 1, type: state.ownerType })
}

/** The package's versions, or GitHub's 404 for another owner, the wrong owner kind, or no such package. */
function versionsAt(state: ServiceState, where: Where): PackageVersion[] {
  const ours =
    where.owner.toLowerCase() === ownerLogin(state).toLowerCase() && where.kind === state.ownerType
  const versions = ours ? state.packages.versions(where.packageName) : undefined
  if (!versions) throw new HttpError(404, 'Package not found.')
  return [...versions]
}

function listVersions(
  state: ServiceState,
  where: Where,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  githubGrant(state, req)
  const rows = versionsAt(state, where).sort((a, b) => b.id - a.id)
  const { page, perPage } = paging(url.searchParams)
  const base = `${state.baseUrl}api/v3/${where.kind === 'Organization' ? 'orgs' : 'users'}/${where.owner}/packages/container/${encodeURIComponent(where.packageName)}/versions`
  sendJson(
    res,
    200,
    rows.slice((page - 1) * perPage, page * perPage).map((v) => ({
      id: v.id,
      name: v.digest,
      url: `${base}/${v.id}`,
      package_html_url: `https://github.com/${where.kind === 'Organization' ? 'orgs/' : ''}${where.owner}/packages/container/package/${encodeURIComponent(where.packageName)}`,
      created_at: new Date(v.createdAt).toISOString(),
      updated_at: new Date(v.updatedAt).toISOString(),
      html_url: `https://github.com/${where.owner}/packages/container/${encodeURIComponent(where.packageName)}/${v.id}`,
      metadata: { package_type: 'container', container: { tags: [...v.tags] } },
    })),
    linkHeader(url, page, perPage, rows.length),
  )
}

function deleteVersion(
  state: ServiceState,
  where: Where,
  id: number,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const grant = githubGrant(state, req)
  versionsAt(state, where)
  if (!grant.packagesWrite) {
    throw new HttpError(403, 'Resource not accessible by integration', {
      documentationUrl: `${DOCS}#delete-package-version-for-an-organization`,
    })
  }
  if (!state.packages.delete(where.packageName, id)) throw new HttpError(404, 'Not Found')
  sendEmpty(res, 204)
}
